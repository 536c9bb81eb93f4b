import { describe, expect, it } from 'vitest';
import { generatedMonthEntries } from '../../local/report-seed.ts';
import type { StoredAuditEntry } from '../../shared/audit/ports.ts';
import { reportDocument } from '../../shared/audit/report-document.ts';
import { reportFigures } from '../../shared/audit/report-figures.ts';
import { formatCell, renderReportHtml } from '../../shared/audit/report-html.ts';
import { parseReportMonth } from '../../shared/audit/report-month.ts';

const MONTH = parseReportMonth('2026-11');
const AFTER = new Date('2026-12-02T09:00:00.000Z');
const SCRIPT_RULE = '<script>alert("rule")</script>';
const IMG_DOMAIN = '"><img src=x onerror=alert(1)>.example';
const TITLE_REPORTER = '</title><script src="https://evil.example/x.js"></script>';

/** A generated month with hostile strings where the log holds text from outside. */
function hostileEntries(): StoredAuditEntry[] {
  return generatedMonthEntries('2026-11', 60).map((entry) => {
    if (entry.stage === 'classify' && entry.action === 'quarantine') {
      return {
        ...entry,
        ruleId: SCRIPT_RULE,
        rules: [{ id: SCRIPT_RULE, paragraphs: ['1'], reason: 'r' }],
        senderTrust: 'spoofed-trusted',
        senderDomain: IMG_DOMAIN,
      };
    }
    if (entry.report?.status === 'parsed')
      return { ...entry, report: { ...entry.report, reporter: TITLE_REPORTER } };
    return entry;
  });
}

const render = (entries: StoredAuditEntry[], now = AFTER) =>
  renderReportHtml(reportDocument(reportFigures(MONTH, entries), now));

describe('Monthly report HTML', () => {
  const html = render(hostileEntries());

  it('shows rule ids, domains and reporters from the log as text, never as markup', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;rule&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.example');
    expect(html).toContain('&lt;/title&gt;&lt;script src=&quot;https://evil.example/x.js&quot;&gt;');
    expect(html.match(/<title[ >]/g)).toHaveLength(1 + html.match(/<svg /g)!.length);
  });

  it('loads nothing from anywhere: inline style only, and a policy that forbids the rest', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).not.toMatch(/<[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/url\(|@import/i);
    for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="#[a-z-]+"$/);
  });

  it('gives every chart a title and description and the table of its figures beside it', () => {
    const charts = [...html.matchAll(/<svg role="img" aria-labelledby="([^ ]+) ([^"]+)" id="([^"]+)"/g)];
    expect(charts.map((c) => c[3])).toEqual([
      'chart-messages-by-action',
      'chart-rules',
      'chart-hold-outcomes',
      'chart-portal-accesses',
      'chart-report-policy-failures',
    ]);
    for (const [, title, desc, id] of charts) {
      expect(html).toContain(`<title id="${title}">`);
      expect(html).toContain(`<desc id="${desc}">`);
      const after = html.slice(html.indexOf(`id="${id}"`));
      const table = after.slice(after.indexOf('</svg>'), after.indexOf('</table>'));
      expect(table).toMatch(/^<\/svg>\s*<table class="figures" id="table-[a-z-]+">\s*<caption>/);
    }
  });

  it('labels every table with a caption and its headers with scopes, under one h1 and a heading per section', () => {
    const tables = html.match(/<table /g)!.length;
    expect(html.match(/<table [^>]*>\s*<caption>[^<]+<\/caption>/g)).toHaveLength(tables);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<h2 id=/g)).toHaveLength(7);
    expect(html).not.toMatch(/<th>/);
    expect(html).toContain('<html lang="en-GB">');
  });

  it('shows the figures: the month at a glance', () => {
    const figures = reportFigures(MONTH, hostileEntries());
    const messages = figures.messages.reduce((n, m) => n + m.messages, 0);
    expect(html).toMatch(
      new RegExp(`<th scope="row">Messages received</th>\\s*<td class="numeric">${messages}</td>`),
    );
  });

  it('says so when the month has no entries, and still makes every section', () => {
    const empty = render([]);
    expect(empty).toContain('No audit entries are dated in November 2026');
    expect(empty).toContain('No messages were received.');
    expect(empty).toContain('No DMARC or TLS report was received.');
    expect(empty).not.toContain('<svg');
  });

  it('says when the month had not ended', () => {
    const partial = render(generatedMonthEntries('2026-11', 12), new Date('2026-11-23T15:00:00.000Z'));
    expect(partial).toContain('November 2026 had not ended when this report was made');
    expect(html).not.toContain('had not ended');
  });
});

describe('formatCell', () => {
  it('groups whole numbers, gives others one decimal, and marks a missing figure', () => {
    expect(formatCell(1234567)).toBe('1,234,567');
    expect(formatCell(25)).toBe('25');
    expect(formatCell(79.25)).toBe('79.3');
    expect(formatCell(null)).toBe('–');
    expect(formatCell('gov.uk')).toBe('gov.uk');
  });
});
