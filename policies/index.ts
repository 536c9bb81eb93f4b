import type { PolicyPack } from '../shared/policy/pack.ts';
import { CAMBRIDGESHIRE_PACK } from './cambridgeshire/index.ts';
import { DWP_PACK } from './dwp/index.ts';

/** The packs shipped with Caveat, by id. Any other pack is a JSON file of the same shape. */
export const BUILT_IN_PACKS: Readonly<Record<string, PolicyPack>> = {
  [DWP_PACK.id]: DWP_PACK,
  [CAMBRIDGESHIRE_PACK.id]: CAMBRIDGESHIRE_PACK,
};

export const DEFAULT_PACK_ID = DWP_PACK.id;
