import type { Clock } from '../pipeline/ports.ts';

export const systemClock: Clock = { now: () => new Date() };
