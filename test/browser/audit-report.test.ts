/**
 * The monthly audit report in a real browser: a generated month written to DynamoDB Local, the
 * report made by `caveat audit report`, opened from disk in headless Chromium. It loads nothing
 * but itself, shows the seeded figures, is axe-core clean, prints, and is saved as a screenshot.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../bin/commands/audit.ts';
import { seedAuditEntries } from '../../local/audit-seed.ts';
import { generatedMonthEntries } from '../../local/report-seed.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { type AuditServices, startAuditServices } from '../integration/audit-support.ts';
import { launchChromium, OUTPUT_DIR, screenshot, seriousViolations } from './chromium.ts';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const SEEDED: AuditEntry[] = generatedMonthEntries('2026-11', 180);

describe('the monthly audit report in Chromium', () => {
  let services: AuditServices;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    services = await startAuditServices('audit-report-browser');
    await seedAuditEntries(services.dynamodb, services.tables.decisions, SEEDED);
    const out = mkdtempSync(join(tmpdir(), 'caveat-audit-report-'));
    const where = ['--endpoint', services.endpoints.dynamodb, '--table', services.tables.decisions];
    const silent = { out: () => undefined, err: () => undefined, stdin: async () => '' };
    const code = await auditCommand(['report', '--month', '2026-11', '--out', out, ...where], silent, {
      clock: { now: () => NOW },
      env: {},
    });
    expect(code).toBe(0);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(out, 'audit-report-2026-11.html')).href);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await services?.stop();
  });

  /** The figure in the row headed `row` of the table with id `table`, as shown. */
  const cell = (table: string, row: string, column: number) =>
    page
      .locator(`#table-${table} tr`)
      .filter({ has: page.getByRole('rowheader', { name: row, exact: true }) })
      .locator('td')
      .nth(column - 1)
      .textContent();
  const count = (test: (entry: AuditEntry) => boolean) => SEEDED.filter(test).length;

  it('loads nothing but the file itself', () => {
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*audit-report-2026-11\.html$/);
  });

  it('shows the seeded figures', async () => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Caveat audit report: November 2026',
    );
    const received = count((e) => e.stage === 'classify');
    expect(await cell('summary', 'Messages received', 1)).toBe(received.toLocaleString('en-GB'));
    expect(await cell('summary', 'Messages held', 1)).toBe(
      String(count((e) => e.stage === 'classify' && e.action === 'hold')),
    );
    expect(await cell('summary', 'Spoofing incidents (messages)', 1)).toBe(
      String(count((e) => e.stage === 'classify' && e.senderTrust === 'spoofed-trusted')),
    );
    for (const action of ['deliver', 'protect', 'hold', 'quarantine']) {
      expect(await cell('messages-by-action', action, 1)).toBe(
        String(count((e) => e.stage === 'classify' && e.action === action)),
      );
    }
    expect(await cell('hold-outcomes', 'Confirmed by the sender', 1)).toBe(
      String(count((e) => e.stage === 'confirmed')),
    );
    expect(await cell('portal-accesses', 'Views', 1)).toBe(String(count((e) => e.stage === 'portal-view')));
    expect(await cell('reports-received', 'dmarc', 1)).toBe(
      String(count((e) => e.report?.kind === 'dmarc' && e.report.status === 'parsed')),
    );
  });

  it('draws each chart with a title, a description and as many bars as its table has rows', async () => {
    const charts = page.getByRole('img');
    expect(await charts.count()).toBe(5);
    const byAction = page.getByRole('img', { name: 'Messages received, by action' });
    expect(await byAction.locator('rect').count()).toBe(
      await page.locator('#table-messages-by-action tbody tr').count(),
    );
    expect(await byAction.getAttribute('aria-labelledby')).toBe(
      'chart-messages-by-action-title chart-messages-by-action-desc',
    );
    const widths = await byAction
      .locator('rect')
      .evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().width));
    expect(Math.max(...widths)).toBeGreaterThan(100);
  });

  it('is accessible, prints, and is saved as a screenshot', async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-report-2026-11');
    const png = readFileSync(join(OUTPUT_DIR, 'audit-report-2026-11.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(1100);
    expect(png.readUInt32BE(20)).toBeGreaterThan(3000);
    expect(png.byteLength).toBeGreaterThan(50_000);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.byteLength).toBeGreaterThan(20_000);
  });
});
