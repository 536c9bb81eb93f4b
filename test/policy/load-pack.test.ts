import { describe, expect, it } from 'vitest';
import { DWP_PACK } from '../../policies/dwp/index.ts';
import { DEFAULT_PACK_ID, loadPack, PolicyPackError } from '../../shared/policy/load-pack.ts';

const files = (entries: Record<string, string>) => async (file: string) => {
  const text = entries[file];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
  return text;
};

describe('loadPack', () => {
  it('loads the default pack by id without touching the file system', async () => {
    const pack = await loadPack(DEFAULT_PACK_ID, files({}));
    expect(pack).toMatchObject({ id: 'dwp', version: DWP_PACK.version });
  });

  it('loads both built-in packs', async () => {
    expect((await loadPack('cambridgeshire', files({}))).id).toBe('cambridgeshire');
  });

  it('loads and validates a JSON pack file', async () => {
    const candidate = { ...DWP_PACK, id: 'dwp-candidate', version: '2027.1.0-rc1' };
    const pack = await loadPack('candidate.json', files({ 'candidate.json': JSON.stringify(candidate) }));
    expect(pack).toMatchObject({ id: 'dwp-candidate', version: '2027.1.0-rc1' });
  });

  it.each([
    ['an unknown id', 'hmrc', {}, /unknown policy pack "hmrc": use a built-in id \(dwp, cambridgeshire\)/],
    ['a missing file', 'gone.json', {}, /policy pack gone\.json: cannot read: no such file/],
    ['broken JSON', 'bad.json', { 'bad.json': '{ "id": ' }, /policy pack bad\.json: not valid JSON/],
    ['an invalid pack', 'empty.json', { 'empty.json': '{}' }, /policy pack empty\.json: id: /],
  ])('refuses %s with a precise message', async (_what, ref, entries, message) => {
    const load = loadPack(ref, files(entries as Record<string, string>));
    await expect(load).rejects.toThrow(PolicyPackError);
    await expect(loadPack(ref, files(entries as Record<string, string>))).rejects.toThrow(message);
  });
});
