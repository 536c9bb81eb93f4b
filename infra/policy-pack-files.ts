/**
 * Custom policy pack files (a mailbox's `policyPack` ending `.json`): validated at synth and
 * shipped inside the ingest function's bundle under `policies/<file name>`, which the function
 * resolves relative to its own folder.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PolicyPackError, packReadError, parsePackFile } from '../shared/policy/load-pack.ts';
import { ConfigError } from './config.ts';

/** Folder of the bundle that custom pack files are copied into. */
export const BUNDLED_PACK_DIR = 'policies';

/** One mailbox as the ingest function's environment lists it. */
export interface MailboxPolicy {
  readonly address: string;
  readonly teamMailbox: string;
  /** Built-in pack id, or a path to a pack file (relative to the base folder). */
  readonly policyPack: string;
  /** Answers citizens in Welsh as well as English. */
  readonly welsh?: boolean;
}

/** A pack file to copy into the bundle. */
export interface PackFileCopy {
  /** Absolute path on the machine that synthesizes. */
  readonly source: string;
  /** Path inside the bundle, e.g. `policies/dwp-candidate.json`. */
  readonly target: string;
}

/** The mailboxes with bundle-relative pack paths, and the files to copy. */
export interface BundledPacks {
  readonly mailboxes: readonly MailboxPolicy[];
  readonly files: readonly PackFileCopy[];
}

const isPackFile = (ref: string) => /\.json$/i.test(ref);

/**
 * Validates every custom pack file with the pipeline's own loader rules and plans its copy.
 * Throws {@link ConfigError} naming the mailbox and the file: a broken pack must stop the
 * deploy, not the first message.
 */
export function bundlePolicyPacks(
  mailboxes: readonly MailboxPolicy[],
  baseDir: string = process.cwd(),
): BundledPacks {
  const targets = new Map<string, string>(); // bundle path -> source
  const planned = mailboxes.map((mailbox, index) => {
    if (!isPackFile(mailbox.policyPack)) return { mailbox, copy: undefined };
    const where = `caveat config: mailboxes[${index}].policyPack (${mailbox.address})`;
    const source = resolve(baseDir, mailbox.policyPack);
    try {
      parsePackFile(mailbox.policyPack, readPackText(mailbox.policyPack, source));
    } catch (error) {
      if (error instanceof PolicyPackError)
        throw new ConfigError(`${where}: ${error.message}`, { cause: error });
      throw error;
    }
    const target = `${BUNDLED_PACK_DIR}/${basename(source)}`;
    const taken = targets.get(target);
    if (taken !== undefined && taken !== source) {
      throw new ConfigError(
        `${where}: ${mailbox.policyPack} has the same file name as ${taken}; both would be bundled as ${target}`,
      );
    }
    targets.set(target, source);
    return { mailbox, copy: { source, target } };
  });
  return {
    mailboxes: planned.map(({ mailbox, copy }) => ({
      address: mailbox.address,
      teamMailbox: mailbox.teamMailbox,
      policyPack: copy ? copy.target : mailbox.policyPack,
      ...(mailbox.welsh ? { welsh: true } : {}),
    })),
    files: [...targets].map(([target, source]) => ({ source, target })),
  };
}

function readPackText(ref: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw packReadError(ref, error);
  }
}
