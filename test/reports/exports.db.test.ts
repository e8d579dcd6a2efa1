import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateOrganization } from '../../src/contract/account.ts';
import { detailedReport, summaryReport } from '../../src/contract/reports.ts';
import { createProject, createTimeRecord } from '../../src/contract/tracking.ts';
import { createTestApp, type SignedUp, type TestApp } from '../support/test-app.ts';

// Exports carry exactly the numbers of the JSON answer (issue 10 "Exports").
describe('report exports', () => {
  let t: TestApp;
  let owner: SignedUp;
  const range = 'from=2026-05-04&to=2026-05-11';

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup('owner@exports.test', 'Exports', { timeZone: 'Europe/Prague' });
    const api = t.client({ token: owner.token });
    const org = await t.call('GET', '/api/v1/organization', { token: owner.token });
    await api.ok(updateOrganization, { body: { version: org.body.version, currency: 'CZK', defaultHourlyRate: 1250.5 } });
    const web = await api.ok(createProject, { body: { name: 'Weby, a; "speciální"' } });
    const ops = await api.ok(createProject, { body: { name: 'Provoz', hourlyRate: 990 } });
    const make = (projectId: string, start: string, end: string, description: string) =>
      api.ok(createTimeRecord, { body: { projectId, start, end, description } });
    await make(web.id, '2026-05-04T07:00:00Z', '2026-05-04T08:20:00Z', '=HYPERLINK("http://evil.test","click")');
    await make(web.id, '2026-05-05T21:30:00Z', '2026-05-05T23:07:00Z', 'Přes půlnoc; s "uvozovkami", a čárkou');
    await make(ops.id, '2026-05-06T06:00:00Z', '2026-05-06T06:07:00Z', '+420 telefonát');
    await make(ops.id, '2026-05-07T10:00:00Z', '2026-05-07T12:45:30Z', '@kolega');
  });
  afterAll(async () => {
    await t.close();
  });

  const download = async (path: string, language: 'en' | 'cs') => {
    const me = await t.call('GET', '/api/v1/me', { token: owner.token });
    await t.call('PATCH', '/api/v1/me', { token: owner.token, body: { version: me.body.version, language } });
    const response = await t.app.inject({
      method: 'GET',
      url: path,
      headers: { authorization: `Bearer ${owner.token}`, host: 'localhost:3000' },
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    return response;
  };

  // exceljs reads a cell with a time format back as a Date counted from Excel's day 0
  const serial = (value: unknown) => (value instanceof Date ? (value.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000 : value);

  function parseCsv(text: string, separator: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (quoted) {
        if (char === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (char === '"') quoted = false;
        else cell += char;
      } else if (char === '"') quoted = true;
      else if (char === separator) {
        row.push(cell);
        cell = '';
      } else if (char === '\r' && text[i + 1] === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        i++;
      } else cell += char;
    }
    return rows;
  }

  it("writes the summary as CSV with the JSON's numbers, in English and in Czech Excel's dialect", async () => {
    const json = await t
      .client({ token: owner.token })
      .ok(summaryReport, { query: { from: '2026-05-04', to: '2026-05-11', groupBy: 'project,day', rounding: '15' } as never });
    for (const [language, separator, decimal] of [
      ['en', ',', '.'],
      ['cs', ';', ','],
    ] as const) {
      const response = await download(`/api/v1/reports/summary/export?${range}&groupBy=project,day&rounding=15&format=csv`, language);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(String(response.headers['content-disposition'])).toContain('kairos-summary-2026-05-04-2026-05-11.csv');
      const text = response.body;
      expect(text.startsWith('\uFEFF')).toBe(language === 'cs');
      const rows = parseCsv(text.replace(/^\uFEFF/, ''), separator);
      expect(rows[0]).toEqual(
        language === 'cs'
          ? ['Projekt', 'Den', 'Trvání', 'Hodiny', 'Fakturovatelné hodiny', 'Částka (CZK)', 'Záznamů']
          : ['Project', 'Day', 'Duration', 'Hours', 'Billable hours', 'Amount (CZK)', 'Records'],
      );
      const leaves = (
        json.groups as Array<{
          label: string;
          groups: Array<{ label: string; seconds: number; billableSeconds: number; amount: number; records: number }>;
        }>
      ).flatMap((group) => group.groups.map((child) => ({ ...child, parent: group.label })));
      expect(rows.length).toBe(1 + leaves.length + 1);
      leaves.forEach((leaf, index) => {
        const row = rows[index + 1]!;
        const clock = `${Math.floor(leaf.seconds / 3600)}:${String(Math.floor((leaf.seconds % 3600) / 60)).padStart(2, '0')}:${String(leaf.seconds % 60).padStart(2, '0')}`;
        expect(row).toEqual([
          leaf.parent,
          leaf.label,
          clock,
          (leaf.seconds / 3600).toFixed(2).replace('.', decimal),
          (leaf.billableSeconds / 3600).toFixed(2).replace('.', decimal),
          (leaf.amount / 100).toFixed(2).replace('.', decimal),
          String(leaf.records),
        ]);
      });
      expect(rows.at(-1)![0]).toBe(language === 'cs' ? 'Celkem' : 'Total');
      expect(rows.at(-1)![5]).toBe((json.total.amount / 100).toFixed(2).replace('.', decimal));
    }
  });

  it('neutralises cells a spreadsheet would run as formulas and keeps every other character', async () => {
    const text = (await download(`/api/v1/reports/detailed/export?${range}&format=csv`, 'cs')).body;
    const rows = parseCsv(text.replace(/^\uFEFF/, ''), ';');
    const descriptions = rows.slice(1).map((row) => row[7]);
    expect(descriptions).toEqual([
      '\'=HYPERLINK("http://evil.test","click")',
      'Přes půlnoc; s "uvozovkami", a čárkou',
      "'+420 telefonát",
      "'@kolega",
    ]);
    expect(rows[1]!.slice(0, 3)).toEqual(['2026-05-04', '09:00', '10:20']);
    expect(rows.slice(1).map((row) => row[5])).toEqual(['Weby, a; "speciální"', 'Weby, a; "speciální"', 'Provoz', 'Provoz']);
  });

  it('writes XLSX with real numbers that equal the JSON', async () => {
    const json = await t
      .client({ token: owner.token })
      .ok(summaryReport, { query: { from: '2026-05-04', to: '2026-05-11', groupBy: 'project' } as never });
    const summary = new ExcelJS.Workbook();
    await summary.xlsx.load(
      (await download(`/api/v1/reports/summary/export?${range}&groupBy=project&format=xlsx`, 'en')).rawPayload as never,
    );
    const sheet = summary.worksheets[0]!;
    const groups = json.groups as Array<{ label: string; seconds: number; billableSeconds: number; amount: number; records: number }>;
    groups.forEach((group, index) => {
      const row = sheet.getRow(index + 2);
      expect(row.getCell(1).value).toBe(group.label);
      expect(serial(row.getCell(2).value)).toBeCloseTo(group.seconds / 86400, 9);
      expect(row.getCell(2).numFmt).toBe('[h]:mm:ss');
      expect(row.getCell(3).value).toBeCloseTo(group.seconds / 3600, 12);
      expect(row.getCell(5).value).toBe(group.amount / 100);
      expect(row.getCell(6).value).toBe(group.records);
    });
    expect(sheet.getRow(groups.length + 2).getCell(5).value).toBe(json.total.amount / 100);

    const detailed = await t
      .client({ token: owner.token })
      .ok(detailedReport, { query: { from: '2026-05-04', to: '2026-05-11' } as never });
    const records = new ExcelJS.Workbook();
    await records.xlsx.load((await download(`/api/v1/reports/detailed/export?${range}`, 'en')).rawPayload as never);
    const recordSheet = records.worksheets[0]!;
    expect(recordSheet.rowCount).toBe(detailed.items.length + 1);
    detailed.items.forEach((item, index) => {
      const row = recordSheet.getRow(index + 2);
      expect(row.getCell(8).value).toBe(item.description);
      expect(serial(row.getCell(11).value)).toBeCloseTo(item.roundedSeconds / 86400, 9);
      expect(row.getCell(13).value).toBe(item.hourlyRate === null ? null : item.hourlyRate / 100);
      expect(row.getCell(14).value).toBe(item.amount / 100);
    });
    expect(detailed.items.map((item) => item.hourlyRate)).toEqual([125050, 125050, 99000, 99000]);
  });

  it('refuses an unknown format with a clear error', async () => {
    const response = await t.call('GET', `/api/v1/reports/summary/export?${range}&format=pdf`, { token: owner.token });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });
});
