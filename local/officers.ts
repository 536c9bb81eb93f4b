/**
 * The officer accounts of the local OpenID Connect provider: one per entitlement group in
 * cdk.json, plus one in no group, so every portal path (entitled, refused) can be tried by hand.
 * They share one password, made at random on first start and kept with the local keys.
 */
import { localSecret } from './data-dir.ts';

export interface LocalOfficer {
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly groups: readonly string[];
}

/** One officer per group (`<group>` → `<group>.officer`), and `visitor.officer` in none. */
export function localOfficers(groups: readonly string[]): LocalOfficer[] {
  return [
    ...groups.map((group) => ({
      username: `${group}.officer`,
      name: `${group} officer`,
      email: `${group}.officer@officers.caveat.local`,
      groups: [group],
    })),
    {
      username: 'visitor.officer',
      name: 'Officer in no group',
      email: 'visitor.officer@officers.caveat.local',
      groups: [],
    },
  ];
}

/** The local officers' password: 128 random bits, created on first start, readable by its owner only. */
export function localOfficerPassword(dataDir: string): string {
  return localSecret(dataDir, 'officer-password.txt', 16);
}
