import { describe, expect, it } from 'vitest';
import { runCli } from '../../bin/caveat.ts';

async function cli(...args: string[]) {
  const out: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    stdin: async () => '',
  });
  return { code, text: out.join('\n') };
}

describe('caveat retention', () => {
  it('is in the usage', async () => {
    expect((await cli('--help')).text).toContain('caveat retention sweep [--now TIME] [--dry-run]');
  });

  it('refuses an unknown command, naming it', async () => {
    const run = await cli('retention', 'purge');
    expect(run.code).toBe(2);
    expect(run.text).toContain('unknown retention command "purge"');
  });

  it('refuses a --now that is not a time', async () => {
    const run = await cli('retention', 'sweep', '--now', 'tomorrow', '--local');
    expect(run.code).toBe(2);
    expect(run.text).toContain('--now: not a date or ISO-8601 time: tomorrow');
  });

  it('asks where to sweep when nothing says', async () => {
    const run = await cli('retention', 'sweep', '--dry-run');
    expect(run.code).toBe(2);
    expect(run.text).toContain('say where the audit log is');
  });

  it('asks for the bucket when an explicit table names no stack', async () => {
    const run = await cli('retention', 'sweep', '--table', 'decisions', '--region', 'eu-west-2');
    expect(run.code).toBe(2);
    expect(run.text).toContain('no MailBucketName output; pass --bucket');
  });
});
