import { describe, expect, it } from 'vitest';
import { httpsPolicyFetcher } from '../../shared/adapters/https-policy-fetcher.ts';
import { MAX_POLICY_BYTES } from '../../shared/domain/mta-sts.ts';

describe('httpsPolicyFetcher', () => {
  it('asks without following redirects and returns status, type and body', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const fetcher = httpsPolicyFetcher({
      fetch: async (url, init) => {
        calls.push({ url: String(url), ...(init ? { init } : {}) });
        return new Response('version: STSv1\r\n', { status: 200, headers: { 'content-type': 'text/plain' } });
      },
    });
    await expect(fetcher('https://mta-sts.example.gov.uk/.well-known/mta-sts.txt')).resolves.toEqual({
      status: 200,
      contentType: 'text/plain',
      body: 'version: STSv1\r\n',
    });
    expect(calls[0]?.init?.redirect).toBe('manual');
    expect(calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('reads no more than one byte past the policy size cap', async () => {
    const fetcher = httpsPolicyFetcher({ fetch: async () => new Response('x'.repeat(MAX_POLICY_BYTES * 3)) });
    const { body } = await fetcher('https://mta-sts.example.gov.uk/.well-known/mta-sts.txt');
    expect(body.length).toBe(MAX_POLICY_BYTES + 1);
  });

  it('refuses anything but HTTPS', async () => {
    const fetcher = httpsPolicyFetcher({ fetch: async () => new Response('') });
    await expect(fetcher('http://mta-sts.example.gov.uk/.well-known/mta-sts.txt')).rejects.toThrow(
      /HTTPS only/,
    );
  });
});
