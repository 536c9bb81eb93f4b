import { fileTypeFromBuffer } from 'file-type';
import type { AttachmentKind } from './inbound-mail.ts';

/** What the bytes of a file are. */
export interface FileKind {
  readonly kind: AttachmentKind;
  /** Media type from the bytes; `application/octet-stream` when unknown. */
  readonly detectedType: string;
  /** Executable binary, or a script by name or by content. */
  readonly executable: boolean;
}

/**
 * Extensions Windows, macOS or Linux will run, open as code, or install (Microsoft's and
 * Google's blocked-attachment lists, plus shell scripts). Compared with the last extension,
 * trailing dots and spaces removed as Windows does.
 */
const EXECUTABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  'exe',
  'dll',
  'com',
  'scr',
  'pif',
  'cpl',
  'sys',
  'drv',
  'ocx',
  'msi',
  'msp',
  'mst',
  'msc',
  'msix',
  'msixbundle',
  'appx',
  'appxbundle',
  'appref-ms',
  'application',
  'gadget',
  'js',
  'jse',
  'vbs',
  'vbe',
  'vb',
  'wsf',
  'wsh',
  'wsc',
  'sct',
  'hta',
  'ws',
  'ps1',
  'ps1xml',
  'ps2',
  'psc1',
  'psd1',
  'psm1',
  'bat',
  'cmd',
  'lnk',
  'url',
  'inf',
  'reg',
  'scf',
  'settingcontent-ms',
  'jar',
  'class',
  'apk',
  'app',
  'command',
  'sh',
  'bash',
  'csh',
  'ksh',
  'py',
  'pyw',
  'pl',
  'rb',
  'xll',
  'xlam',
  'ppam',
]);
// biome-ignore format: one list, kept compact
const ARCHIVE_EXTENSIONS: ReadonlySet<string> = new Set(['zip', 'rar', '7z', 'gz', 'tgz', 'bz2', 'tbz', 'xz', 'txz', 'tar', 'cab', 'zst', 'lz', 'lzh', 'lha', 'arj', 'ace', 'z', 'iso', 'img', 'vhd', 'vhdx', 'cpio', 'ar']);
/** file-type extensions that are archives we may need to look inside. */
const ARCHIVE_TYPES: ReadonlySet<string> = new Set([
  'zip',
  'rar',
  '7z',
  'gz',
  'bz2',
  'xz',
  'tar',
  'cab',
  'zst',
  'lz',
  'lzh',
  'arj',
  'cpio',
  'ar',
  'Z',
  'lz4',
  'iso',
  'vhd',
  'vhdx',
]);
/** file-type extensions for code a machine runs. */
const EXECUTABLE_TYPES: ReadonlySet<string> = new Set([
  'exe',
  'elf',
  'macho',
  'class',
  'lnk',
  'jar',
  'apk',
  'dex',
  'wasm',
  'msi',
]);

/** Last extension of a file name, lower-cased, without trailing dots or spaces. */
export function extensionOf(filename: string | undefined): string | undefined {
  const name = filename?.replace(/[.\s]+$/u, '').toLowerCase();
  const dot = name?.lastIndexOf('.') ?? -1;
  return name && dot >= 0 ? name.slice(dot + 1) : undefined;
}

/** The name ends in an extension an operating system will run. */
export function isExecutableName(filename: string | undefined): boolean {
  const ext = extensionOf(filename);
  return ext !== undefined && EXECUTABLE_EXTENSIONS.has(ext);
}

/** The name ends in an archive extension. */
export function isArchiveName(filename: string | undefined): boolean {
  const ext = extensionOf(filename);
  return ext !== undefined && ARCHIVE_EXTENSIONS.has(ext);
}

const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/**
 * Media type of an executable binary from its first bytes, or undefined: PE/DOS (`MZ`), ELF,
 * Mach-O in both byte orders, 32/64-bit, and fat/universal binaries. `CAFEBABE` is shared with
 * Java class files; either way it is code, told apart by the count after it (fat binaries have
 * a handful of architectures, class files a major version of 45 or more).
 */
export function executableMagic(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4)
    return bytes[0] === 0x4d && bytes[1] === 0x5a ? 'application/x-msdownload' : undefined;
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) return 'application/x-msdownload';
  const magic = u32be(bytes, 0);
  switch (magic) {
    case 0x7f454c46:
      return 'application/x-elf';
    case 0xfeedface:
    case 0xfeedfacf:
    case 0xcefaedfe:
    case 0xcffaedfe:
    case 0xbebafeca:
    case 0xbfbafeca:
    case 0xcafebabf:
      return 'application/x-mach-binary';
    case 0xcafebabe:
      return bytes.length >= 8 && u32be(bytes, 4) >= 45 ? 'application/java-vm' : 'application/x-mach-binary';
    case 0x4c000000:
      return u32be(bytes, 4) === 0x01140200 ? 'application/x-ms-shortcut' : undefined;
    default:
      return undefined;
  }
}

const SCRIPT_PEEK_CHARS = 4096;
/** Openers and calls typical of Windows and shell scripts (bounded patterns, no nesting). */
const SCRIPT_PATTERNS: readonly RegExp[] = [
  /^#!/, // shebang
  /^#@~\^/, // encoded VBScript/JScript (.vbe/.jse)
  /^@?echo\s+off\b/i, // batch
  /^<(?:job|package)\b/i, // Windows Script File
  /<hta:application\b/i,
  /\bWScript\.(?:Shell|CreateObject|Echo|Sleep|Arguments)\b/i,
  /\bCreateObject\s*\(\s*["'](?:WScript|Scripting|Shell|MSXML2|ADODB)\./i,
  /\bnew\s+ActiveXObject\s*\(/i,
  /\b(?:Invoke-Expression|Invoke-WebRequest|Start-Process|Set-ExecutionPolicy|DownloadString)\b/i,
  /\bpowershell(?:\.exe)?\s+-(?:e|enc|encodedcommand|nop|w|windowstyle|exec)\b/i,
  /\bcmd(?:\.exe)?\s+\/[ck]\s/i,
];

/** Text that opens or reads like a script a machine would run. */
export function looksLikeScript(text: string): boolean {
  const head = text
    .slice(0, SCRIPT_PEEK_CHARS)
    .replace(/^\uFEFF/, '')
    .trimStart();
  return SCRIPT_PATTERNS.some((re) => re.test(head));
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes that are text, or returns undefined for binary. Text is: a UTF-16 BOM, or no NUL
 * bytes and either valid UTF-8 or 8-bit text with few control characters (read as
 * windows-1252, the usual charset of spreadsheet exports that are not UTF-8).
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes);
  if (bytes.includes(0)) return undefined;
  try {
    return utf8Strict.decode(bytes);
  } catch {
    let controls = 0;
    for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
    return controls <= bytes.length / 100 ? new TextDecoder('windows-1252').decode(bytes) : undefined;
  }
}

/** Detects what a file is from its bytes; the name and declared type only choose among text formats. */
export async function detectFileKind(
  bytes: Uint8Array,
  filename?: string,
  declaredType?: string,
): Promise<FileKind & { readonly textContent?: string }> {
  const byName = isExecutableName(filename);
  const binary = executableMagic(bytes);
  if (binary) return { kind: 'executable', detectedType: binary, executable: true };

  const detected = await safeFileType(bytes);
  if (detected) {
    const { ext, mime } = detected;
    if (EXECUTABLE_TYPES.has(ext)) return { kind: 'executable', detectedType: mime, executable: true };
    if (ext === 'pdf') return { kind: 'pdf', detectedType: mime, executable: byName };
    if (ext === 'docx') return { kind: 'docx', detectedType: mime, executable: byName };
    if (ARCHIVE_TYPES.has(ext)) return { kind: 'archive', detectedType: mime, executable: byName };
    if (mime.startsWith('image/')) return { kind: 'image', detectedType: mime, executable: byName };
    if (ext !== 'xml') return { kind: 'other', detectedType: mime, executable: byName };
  }

  const text = decodeText(bytes);
  if (text === undefined) {
    return { kind: 'other', detectedType: detected?.mime ?? 'application/octet-stream', executable: byName };
  }
  if (looksLikeScript(text))
    return { kind: 'executable', detectedType: 'text/x-script', executable: true, textContent: text };
  const declared = declaredType?.toLowerCase() ?? '';
  const ext = extensionOf(filename);
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  if (
    declared === 'text/html' ||
    ext === 'html' ||
    ext === 'htm' ||
    head.startsWith('<!doctype html') ||
    head.startsWith('<html')
  ) {
    return { kind: 'html', detectedType: 'text/html', executable: byName, textContent: text };
  }
  if (detected) return { kind: 'other', detectedType: detected.mime, executable: byName, textContent: text };
  const csvDeclared = declared === 'text/csv' || declared === 'application/csv' || ext === 'csv';
  return {
    kind: csvDeclared ? 'csv' : 'text',
    detectedType: csvDeclared ? 'text/csv' : 'text/plain',
    executable: byName,
    textContent: text,
  };
}

async function safeFileType(bytes: Uint8Array): Promise<{ ext: string; mime: string } | undefined> {
  try {
    return await fileTypeFromBuffer(bytes);
  } catch {
    return undefined;
  }
}
