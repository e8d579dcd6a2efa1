import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { DetailedRecord, ReportGroup, SummaryReport } from '../contract/reports.ts';
import type { Language } from '../domain/actor.ts';
import type { MessageKey } from '../i18n/en.ts';
import { translate } from '../i18n/translate.ts';

// Reports as files (issue 10 "Exports"): the same numbers as the JSON answer. CSV for Czech
// readers is what Czech Excel opens without a wizard (";", a BOM, decimal commas); text cells that a
// spreadsheet would run as a formula are neutralised. XLSX carries numbers and durations as numbers.
type Summary = z.input<typeof SummaryReport>;
type Detailed = z.input<typeof DetailedRecord>;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// "=1+2", "+1", "-1", "@SUM(...)", a tab or a carriage return start a formula in Excel and its peers.
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function csvDialect(language: Language) {
  return language === 'cs' ? { separator: ';', decimal: ',', bom: '\uFEFF' } : { separator: ',', decimal: '.', bom: '' };
}

type Cell = { text: string } | { number: number; places: number };
const text = (value: string | null | undefined): Cell => ({ text: value ?? '' });
const number = (value: number, places: number): Cell => ({ number: value, places });

function toCsv(rows: Cell[][], language: Language): string {
  const dialect = csvDialect(language);
  const render = (cell: Cell) => {
    const value = 'text' in cell ? neutralise(cell.text) : cell.number.toFixed(cell.places).replace('.', dialect.decimal);
    return /["\r\n]/.test(value) || value.includes(dialect.separator) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  return dialect.bom + rows.map((row) => row.map(render).join(dialect.separator)).join('\r\n') + '\r\n';
}

function t(language: Language, key: string, params: Record<string, string> = {}): string {
  return translate(language, key as MessageKey, params);
}

function flatten(groups: ReportGroup[], depth: number): Array<{ labels: string[]; group: ReportGroup }> {
  const rows: Array<{ labels: string[]; group: ReportGroup }> = [];
  for (const group of groups) {
    if (depth === 2 && group.groups) {
      for (const child of group.groups) rows.push({ labels: [group.label, child.label], group: child });
    } else rows.push({ labels: [group.label], group });
  }
  return rows;
}

function summaryTable(report: Summary, language: Language) {
  const depth = report.groupBy.length;
  const header = [
    ...report.groupBy.map((dimension) => t(language, `export.column.${dimension}`)),
    t(language, 'export.column.duration'),
    t(language, 'export.column.hours'),
    t(language, 'export.column.billable_hours'),
    t(language, 'export.column.amount', { currency: report.currency }),
    t(language, 'export.column.records'),
  ];
  const rows = flatten(report.groups as ReportGroup[], depth).map(({ labels, group }) => ({ labels, figures: group }));
  const total = { labels: [t(language, 'export.column.total'), ...Array(depth - 1).fill('')], figures: report.total };
  return { header, rows: [...rows, total] };
}

export function summaryCsv(report: Summary, language: Language): string {
  const table = summaryTable(report, language);
  const rows: Cell[][] = [table.header.map(text)];
  for (const row of table.rows) {
    const f = row.figures;
    rows.push([
      ...row.labels.map(text),
      text(clock(f.seconds)),
      number(f.seconds / 3600, 2),
      number(f.billableSeconds / 3600, 2),
      number(f.amount / 100, 2),
      number(f.records, 0),
    ]);
  }
  return toCsv(rows, language);
}

const DETAILED_COLUMNS = [
  'date',
  'start',
  'end',
  'user',
  'client',
  'project',
  'task',
  'description',
  'tags',
  'billable',
  'duration',
  'hours',
  'rate',
  'amount',
] as const;

// Wall-clock parts of an instant in a zone, for dates and times as the reader saw them on screen.
// One formatter per zone: building one costs far more than formatting with it (an export formats
// two instants per record).
const wallFormats = new Map<string, Intl.DateTimeFormat>();
function wallFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (wallFormats.size > 100) wallFormats.clear();
    wallFormats.set(timeZone, format);
  }
  return format;
}

function wall(instant: string, timeZone: string): { date: string; time: string; excel: Date } {
  const parts = Object.fromEntries(
    wallFormat(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  return { date, time, excel: new Date(`${date}T${parts.hour}:${parts.minute}:${parts.second}Z`) };
}

function detailedHeader(language: Language, currency: string): string[] {
  return DETAILED_COLUMNS.map((column) => t(language, `export.column.${column}`, { currency }));
}

export function detailedCsv(records: Detailed[], language: Language, timeZone: string, currency: string): string {
  const rows: Cell[][] = [detailedHeader(language, currency).map(text)];
  for (const record of records) {
    const start = wall(record.start, timeZone);
    const end = wall(record.end, timeZone);
    rows.push([
      text(start.date),
      text(start.time),
      text(end.time),
      text(record.userName),
      text(record.clientName),
      text(record.projectName),
      text(record.taskName),
      text(record.description),
      text(record.tagNames.join(', ')),
      text(t(language, record.billable ? 'export.yes' : 'export.no')),
      text(clock(record.roundedSeconds)),
      number(record.roundedSeconds / 3600, 2),
      record.hourlyRate === null ? text('') : number(record.hourlyRate / 100, 2),
      number(record.amount / 100, 2),
    ]);
  }
  return toCsv(rows, language);
}

const DURATION_FORMAT = '[h]:mm:ss';
const money = (currency: string) => `#,##0.00 "${currency.replace(/"/g, '')}"`;

function styleHeader(sheet: ExcelJS.Worksheet): void {
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function summaryXlsx(report: Summary, language: Language): Promise<Buffer> {
  const table = summaryTable(report, language);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t(language, 'export.sheet.summary'));
  sheet.addRow(table.header);
  const depth = report.groupBy.length;
  for (const row of table.rows) {
    const f = row.figures;
    sheet.addRow([...row.labels, f.seconds / 86400, f.seconds / 3600, f.billableSeconds / 3600, f.amount / 100, f.records]);
  }
  sheet.getColumn(depth + 1).numFmt = DURATION_FORMAT;
  sheet.getColumn(depth + 2).numFmt = '0.00';
  sheet.getColumn(depth + 3).numFmt = '0.00';
  sheet.getColumn(depth + 4).numFmt = money(report.currency);
  sheet.getRow(sheet.rowCount).font = { bold: true };
  styleHeader(sheet);
  table.header.forEach((_title, index) => {
    sheet.getColumn(index + 1).width = index < depth ? 28 : 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function detailedXlsx(records: Detailed[], language: Language, timeZone: string, currency: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t(language, 'export.sheet.records'));
  sheet.addRow(detailedHeader(language, currency));
  for (const record of records) {
    const start = wall(record.start, timeZone);
    const end = wall(record.end, timeZone);
    sheet.addRow([
      start.excel,
      start.excel,
      end.excel,
      record.userName,
      record.clientName ?? '',
      record.projectName,
      record.taskName ?? '',
      record.description,
      record.tagNames.join(', '),
      t(language, record.billable ? 'export.yes' : 'export.no'),
      record.roundedSeconds / 86400,
      record.roundedSeconds / 3600,
      record.hourlyRate === null ? null : record.hourlyRate / 100,
      record.amount / 100,
    ]);
  }
  sheet.getColumn(1).numFmt = 'yyyy-mm-dd';
  sheet.getColumn(2).numFmt = 'hh:mm';
  sheet.getColumn(3).numFmt = 'hh:mm';
  sheet.getColumn(11).numFmt = DURATION_FORMAT;
  sheet.getColumn(12).numFmt = '0.00';
  sheet.getColumn(13).numFmt = money(currency);
  sheet.getColumn(14).numFmt = money(currency);
  sheet.getColumn(8).width = 40;
  styleHeader(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function exportFile(kind: 'summary' | 'records', format: 'csv' | 'xlsx', from: string, to: string, body: Buffer | string) {
  const name = `kairos-${kind}-${from.slice(0, 10)}-${to.slice(0, 10)}.${format}`;
  return { contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE, filename: name, body };
}
