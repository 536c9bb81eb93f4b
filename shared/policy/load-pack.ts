import { BUILT_IN_PACKS, DEFAULT_PACK_ID } from '../../policies/index.ts';
import type { PolicyPack } from './pack.ts';
import { PolicyPackError, validatePack } from './pack-schema.ts';

export { DEFAULT_PACK_ID, PolicyPackError };

/**
 * Loads a pack by built-in id (`dwp`, `cambridgeshire`) or from a JSON file path, validated either
 * way. `readFile` is injected so the domain never touches the file system itself.
 */
export async function loadPack(
  ref: string,
  readFile: (file: string) => Promise<string>,
  builtIns: Readonly<Record<string, PolicyPack>> = BUILT_IN_PACKS,
): Promise<PolicyPack> {
  const builtIn = builtIns[ref];
  if (builtIn) return validatePack(builtIn, ref);
  if (!/\.json$/i.test(ref))
    throw new PolicyPackError(
      `unknown policy pack "${ref}": use a built-in id (${Object.keys(builtIns).join(', ')}) or a path to a .json pack file`,
    );
  let text: string;
  try {
    text = await readFile(ref);
  } catch (error) {
    throw packReadError(ref, error);
  }
  return parsePackFile(ref, text);
}

/** The error for a pack file that cannot be read; `ENOENT` reads as "no such file". */
export function packReadError(ref: string, error: unknown): PolicyPackError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
  return new PolicyPackError(`policy pack ${ref}: cannot read: ${why}`, { cause: error });
}

/**
 * Parses and validates the text of a pack file. Synchronous, so the CDK app (which cannot await)
 * checks custom packs at synth with the same rules and messages as {@link loadPack}.
 */
export function parsePackFile(ref: string, text: string): PolicyPack {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyPackError(`policy pack ${ref}: not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return validatePack(json, ref);
}
