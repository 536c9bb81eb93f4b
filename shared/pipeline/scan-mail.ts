import type { Detection, FindingType } from '../detect/detection.ts';
import type { Attachment, InboundMail } from '../mail/inbound-mail.ts';
import type { Finding, FindingLocation } from '../policy/decision.ts';

/** Runs every detector over one text. Injected so the scan can be tested and benchmarked alone. */
export type DetectFn = (text: string) => Detection[];

export interface MailScan {
  readonly findings: Finding[];
  /** max(distinct NINOs, CSV data rows holding personal data): DWP Email Policy 1.6. */
  readonly records: number;
}

interface Accumulator {
  count: number;
  values: Set<string>;
  maskedSample: string;
  confidence: number;
  locations: Set<FindingLocation>;
  explanations: ExplanationTree;
  attributes: Map<string, Set<string>>;
}

type Explanation = Finding['explanations'][number];

/** Explanations kept so far, by detector, pattern, validation and context, and in the order first seen. */
interface ExplanationTree {
  readonly children: Map<string, Map<string, Map<string, Map<string, Explanation>>>>;
  readonly inOrder: Explanation[];
}

/**
 * Scans the subject, body and every attachment's text, and summarises the detections per type.
 * Values are only normalised in memory to count distinct ones and never leave this function.
 */
export function scanMail(mail: InboundMail, detect: DetectFn): MailScan {
  const byType = new Map<FindingType, Accumulator>();
  const add = (text: string, detections: readonly Detection[], location: FindingLocation) => {
    for (const detection of detections) addDetection(byType, text, detection, location);
  };

  add(mail.subject, detect(mail.subject), 'subject');
  add(mail.text, detect(mail.text), 'body');
  if (mail.htmlText && normaliseSpace(mail.htmlText) !== normaliseSpace(mail.text)) {
    add(mail.htmlText, detect(mail.htmlText), 'body');
  }

  let csvRowsWithPersonalData = 0;
  for (const { attachment, location } of scannedFiles(mail.attachments)) {
    if (attachment.csvRows && attachment.csvRows.length > 0) {
      const table = csvAsLabelledText(attachment);
      const detections = detect(table.text);
      add(table.text, detections, location);
      csvRowsWithPersonalData = Math.max(
        csvRowsWithPersonalData,
        countRowsWithFindings(table.rowStarts, detections),
      );
    } else if (attachment.text) {
      add(attachment.text, detect(attachment.text), location);
    }
  }

  const findings = [...byType.entries()].map(([type, acc]) => toFinding(type, acc));
  const distinctNinos = byType.get('UK_NINO')?.values.size ?? 0;
  return { findings, records: Math.max(distinctNinos, csvRowsWithPersonalData) };
}

/** Every attachment, then the entries read from inside each archive, with where each was found. */
function* scannedFiles(
  attachments: readonly Attachment[],
): Generator<{ attachment: Attachment; location: FindingLocation }> {
  for (const attachment of attachments) {
    const name = attachment.filename ?? '(unnamed)';
    yield { attachment, location: `attachment:${name}` };
    for (const entry of attachment.entries ?? []) {
      yield { attachment: entry, location: `attachment:${name}/${entry.filename ?? '(unnamed)'}` };
    }
  }
}

function addDetection(
  byType: Map<FindingType, Accumulator>,
  text: string,
  detection: Detection,
  location: FindingLocation,
): void {
  let acc = byType.get(detection.type);
  if (!acc) {
    acc = {
      count: 0,
      values: new Set(),
      maskedSample: detection.masked,
      confidence: 0,
      locations: new Set(),
      explanations: { children: new Map(), inOrder: [] },
      attributes: new Map(),
    };
    byType.set(detection.type, acc);
  }
  acc.count += 1;
  acc.values.add(valueKey(text.slice(detection.start, detection.end)));
  if (detection.confidence > acc.confidence) {
    acc.confidence = detection.confidence;
    acc.maskedSample = detection.masked;
  }
  acc.locations.add(location);
  addExplanation(acc.explanations, detection.explanation);
  if (detection.attributes) {
    for (const [name, value] of Object.entries(detection.attributes)) {
      const values = acc.attributes.get(name) ?? new Set<string>();
      values.add(value);
      acc.attributes.set(name, values);
    }
  }
}

/**
 * Keeps the first explanation of each kind (detector, pattern, validation, context), in the
 * order first seen. Looked up through one map level per part: the parts are the same few
 * strings in every message, so this costs no new key string per detection.
 */
function addExplanation(explanations: ExplanationTree, explanation: Detection['explanation']): void {
  const { detector, pattern, validation, context } = explanation;
  const byPattern = child(explanations.children, detector);
  const byValidation = child(byPattern, pattern);
  const byContext = child(byValidation, validation);
  const contextKey = context ?? '';
  if (byContext.has(contextKey)) return;
  const kept =
    context === undefined ? { detector, pattern, validation } : { detector, pattern, validation, context };
  byContext.set(contextKey, kept);
  explanations.inOrder.push(kept);
}

function child<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let found = map.get(key);
  if (found === undefined) {
    found = new Map();
    map.set(key, found);
  }
  return found;
}

function toFinding(type: FindingType, acc: Accumulator): Finding {
  const attributes = Object.fromEntries(
    [...acc.attributes].map(([name, values]) => [name, [...values].sort().join(',')]),
  );
  return {
    type,
    count: acc.count,
    distinct: acc.values.size,
    maskedSample: acc.maskedSample,
    confidence: acc.confidence,
    locations: [...acc.locations],
    explanations: acc.explanations.inOrder,
    ...(acc.attributes.size > 0 ? { attributes } : {}),
  };
}

/**
 * Distinct-value key: separators and case ignored. Held only in this function's memory to count
 * distinct values; never returned, logged or stored.
 */
function valueKey(value: string): string {
  return (SEPARATORS.test(value) ? value.replace(SEPARATORS_G, '') : value).toUpperCase();
}
const SEPARATORS = /[\s\-./]/;
const SEPARATORS_G = /[\s\-./]/g;

function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Each CSV row written as `column: value` pairs, so column names ("nino", "date_of_birth") give the
 * detectors the context a value alone lacks. Row start offsets let findings be counted per row.
 */
function csvAsLabelledText(attachment: Attachment): { text: string; rowStarts: number[] } {
  const header = csvHeader(attachment.text ?? '');
  const rowStarts: number[] = [];
  let text = '';
  for (const row of attachment.csvRows ?? []) {
    rowStarts.push(text.length);
    const cells = splitCsvLine(row);
    text += `${cells.map((cell, i) => (header[i] ? `${header[i]}: ${cell}` : cell)).join('; ')}\n`;
  }
  return { text, rowStarts };
}

function csvHeader(csvText: string): string[] {
  const firstLine = csvText.slice(0, csvText.search(/\r?\n|$/));
  return splitCsvLine(firstLine).map((name) => name.replace(/[_-]+/g, ' ').trim());
}

/** Splits one CSV line on commas outside double quotes; quotes removed. Rows are already one record each. */
function splitCsvLine(line: string): string[] {
  // Without quotes every comma separates: the common case, split natively.
  if (!line.includes('"')) return line.split(',').map((c) => c.trim());
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

function countRowsWithFindings(rowStarts: readonly number[], detections: readonly Detection[]): number {
  const rows = new Set<number>();
  for (const detection of detections) rows.add(rowIndexAt(rowStarts, detection.start));
  return rows.size;
}

function rowIndexAt(rowStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = rowStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((rowStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
