import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import * as importContract from '../../contract/imports.ts';
import * as contract from '../../contract/reports.ts';
import { importFile } from '../../services/imports.ts';
import { formatInstant } from '../../domain/time-range.ts';
import type { Language } from '../../domain/actor.ts';
import { translate } from '../../i18n/translate.ts';
import * as reports from '../../services/reports.ts';
import type { Deps } from '../../services/deps.ts';
import { detailedCsv, detailedXlsx, exportFile, summaryCsv, summaryXlsx } from '../report-exports.ts';
import { route } from '../route.ts';

const NO_KEY_LABEL = { client: 'label.no_client', task: 'label.no_task', tag: 'label.no_tag' } as const;

function presentGroup(group: reports.Group, language: Language): contract.ReportGroup {
  const noKey =
    group.key === null && group.dimension in NO_KEY_LABEL
      ? translate(language, NO_KEY_LABEL[group.dimension as keyof typeof NO_KEY_LABEL])
      : null;
  return {
    key: group.key,
    label: noKey ?? group.name ?? '',
    seconds: group.seconds,
    billableSeconds: group.billableSeconds,
    amount: group.amount,
    records: group.records,
    ...(group.groups && { groups: group.groups.map((child) => presentGroup(child, language)) }),
  };
}

export function presentSummary(summary: reports.Summary, language: Language): z.input<typeof contract.SummaryReport> {
  return {
    from: formatInstant(summary.from),
    to: formatInstant(summary.to),
    timeZone: summary.timeZone,
    weekStart: summary.weekStart,
    currency: summary.currency,
    groupBy: summary.groupBy,
    rounding: summary.rounding,
    tagsCountEachRecordOnce: summary.tagsCountEachRecordOnce,
    groups: summary.groups.map((group) => presentGroup(group, language)),
    total: summary.total,
  };
}

function presentDetailed(item: reports.DetailedItem): z.input<typeof contract.DetailedRecord> {
  return {
    id: item.id,
    userId: item.userId,
    userName: item.userName,
    clientId: item.clientId,
    clientName: item.clientName,
    projectId: item.projectId,
    projectName: item.projectName,
    taskId: item.taskId,
    taskName: item.taskName,
    description: item.description,
    start: formatInstant(item.startsAt),
    end: formatInstant(item.endsAt),
    billable: item.billable,
    tagIds: item.tagIds,
    tagNames: item.tagNames,
    seconds: item.seconds,
    roundedSeconds: item.roundedSeconds,
    hourlyRate: item.rate,
    amount: item.amount,
  };
}

const EXPORT_PAGE = 5000;

export function registerReportRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    importContract.createImport,
    async ({ body }, { actor }) =>
      importFile(deps, actor, {
        bytes: new TextEncoder().encode(body.file),
        zone: body.timeZone ?? actor.timeZone,
        vendor: body.vendor,
        dateOrder: body.dateOrder,
        dryRun: body.dryRun ?? false,
      }),
    { bodyLimit: importContract.IMPORT_MAX_BYTES + 1024 * 1024 },
  );
  route(app, deps, contract.summaryReport, async ({ query }, { actor }) =>
    presentSummary(await reports.summaryReport(deps, actor, query), actor.language),
  );
  route(app, deps, contract.detailedReport, async ({ query }, { actor }) => {
    const page = await reports.detailedReport(deps, actor, query);
    return { currency: page.currency, nextCursor: page.nextCursor, items: page.items.map(presentDetailed) };
  });
  route(app, deps, contract.calendarVsTracked, async ({ query }, { actor }) => {
    const report = await reports.calendarVsTracked(deps, actor, query);
    const privateLabel = translate(actor.language, 'label.private_appointment');
    return {
      ...report,
      from: formatInstant(report.from),
      to: formatInstant(report.to),
      meetings: report.meetings.map((meeting) => ({
        ...meeting,
        start: formatInstant(meeting.start),
        end: formatInstant(meeting.end),
        summary: meeting.private && !meeting.own ? privateLabel : meeting.summary,
      })),
    };
  });
  route(app, deps, contract.exportSummaryReport, async ({ query }, { actor }) => {
    const report = presentSummary(await reports.summaryReport(deps, actor, query), actor.language);
    const body = query.format === 'csv' ? summaryCsv(report, actor.language) : await summaryXlsx(report, actor.language);
    return exportFile('summary', query.format, query.from, query.to, body);
  });
  route(app, deps, contract.exportDetailedReport, async ({ query }, { actor }) => {
    const items: Array<z.input<typeof contract.DetailedRecord>> = [];
    let cursor: string | undefined;
    let currency = '';
    do {
      const page = await reports.detailedReport(deps, actor, { ...query, limit: EXPORT_PAGE, cursor });
      items.push(...page.items.map(presentDetailed));
      currency = page.currency;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const body =
      query.format === 'csv'
        ? detailedCsv(items, actor.language, actor.timeZone, currency)
        : await detailedXlsx(items, actor.language, actor.timeZone, currency);
    return exportFile('records', query.format, query.from, query.to, body);
  });
}
