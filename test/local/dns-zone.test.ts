import { describe, expect, it } from 'vitest';
import { DnsLookupError, zoneResolver } from '../../local/dns-zone.ts';

describe('local DNS zone', () => {
  const resolve = zoneResolver({
    'Example.org.': {
      txt: ['v=spf1 -all', 'x'.repeat(300)],
      mx: [{ exchange: 'mail.example.org', priority: 10 }],
    },
    'sel._domainkey.example.org': { txt: ['v=DKIM1; k=rsa; p=AAAA'] },
  });

  it('answers TXT as node:dns does, split into 255-octet strings', async () => {
    expect(await resolve('example.org', 'TXT')).toEqual([['v=spf1 -all'], ['x'.repeat(255), 'x'.repeat(45)]]);
    expect(await resolve('EXAMPLE.ORG.', 'MX')).toEqual([{ exchange: 'mail.example.org', priority: 10 }]);
  });

  it('throws ENOTFOUND for a name that does not exist', async () => {
    await expect(resolve('nowhere.example', 'TXT')).rejects.toMatchObject({
      name: 'DnsLookupError',
      code: 'ENOTFOUND',
      syscall: 'queryTxt',
    });
  });

  it('throws ENODATA for a name without that record type, or with records only below it', async () => {
    await expect(resolve('example.org', 'A')).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(resolve('_domainkey.example.org', 'TXT')).rejects.toBeInstanceOf(DnsLookupError);
    await expect(resolve('_domainkey.example.org', 'TXT')).rejects.toMatchObject({ code: 'ENODATA' });
  });
});
