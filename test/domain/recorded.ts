/** Recorded DNS and HTTPS answers (test/fixtures/domain/*.json) as a resolver and fetcher. */
import { readFileSync } from 'node:fs';
import { type Zone, zoneResolver } from '../../local/dns-zone.ts';
import type { DomainCheckDependencies } from '../../shared/domain/check-domain.ts';
import type { FetchedPolicy } from '../../shared/domain/dns-lookup.ts';

export interface Recording {
  readonly domain: string;
  readonly zone: Zone;
  readonly policies: Readonly<Record<string, FetchedPolicy>>;
}

export function recording(name: string): Recording {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/domain/${name}.json`, import.meta.url), 'utf8'),
  ) as Recording;
}

/** A fetch with no recorded answer fails as a connection to an unknown host does. */
export function replay(recorded: Recording): DomainCheckDependencies {
  return {
    resolver: zoneResolver(recorded.zone),
    fetchPolicy: async (url) => {
      const answer = recorded.policies[url];
      if (!answer) throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
      return answer;
    },
  };
}
