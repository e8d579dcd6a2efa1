import { useEffect, useState } from 'react';
import type { ApiError } from '../api.ts';
import { api } from '../api.ts';
import { createRecord, deleteRecord, getState, projectLabel, type TimeRecord, track, updateRecord, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { focusImpulse, focusNextUntrackedLater, nextUntrackedId } from '../impulses/focus.ts';
import { useSignedIn } from '../session.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { closeRecordDialog, openRecordDialog, type RecordDialogRequest, useRecordDialog } from './dialogs.ts';
import { preferencesOf } from './preferences.ts';
import { RecordForm, type RecordFormInitial, type RecordValues } from './RecordForm.tsx';
import { StopTimerDialog } from './StopTimerDialog.tsx';
import { getTimeRecord } from '../../../src/contract/tracking.ts';
import { parseTimeOfDay } from '../../../src/i18n/format.ts';
import { atDayMinutes, impulseSpan } from './record-defaults.ts';
import './records.css';

// Draws whichever record dialog is open (records/dialogs.ts): edit, new, quick-track, stop the
// stopwatch. Mounted once on the dashboard.
export function RecordDialogs() {
  const request = useRecordDialog();
  if (!request) return null;
  const key = JSON.stringify(request);
  switch (request.kind) {
    case 'edit':
      return <EditRecordDialog key={key} recordId={request.recordId} />;
    case 'new':
      return <NewRecordDialog key={key} request={request} />;
    case 'quickTrack':
      return <QuickTrackDialog key={key} request={request} />;
    case 'stopTimer':
      return <StopTimerDialog key={key} end={request.end} />;
  }
}

function useAnnounceRecord() {
  const { t, timeRange } = useI18n();
  const announce = useAnnounce();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  return (key: 'record.created' | 'record.saved', record: TimeRecord, undo?: () => Promise<void>) => {
    const project = projects.find((item) => item.id === record.projectId);
    announce(
      t(key, {
        description: record.description || t('record.noDescription'),
        time: timeRange(record.start, record.end),
        project: projectLabel(project, clients),
      }),
      {
        ...(undo && { undo }),
        actions:
          key === 'record.created' ? [{ label: t('action.edit'), run: () => openRecordDialog({ kind: 'edit', recordId: record.id }) }] : [],
      },
    );
  };
}

function useUndoCreate() {
  const { t } = useI18n();
  const announce = useAnnounce();
  return (record: TimeRecord) => async () => {
    const latest = getState().records.find((item) => item.id === record.id) ?? record;
    const result = await deleteRecord(latest);
    if (!result.ok) announce(result.error.message, { tone: 'error', ...(result.error.hint && { hint: result.error.hint }) });
    else announce(t('record.undone'));
  };
}

function recordBody(values: RecordValues) {
  return {
    description: values.description,
    projectId: values.projectId,
    taskId: values.taskId,
    tagIds: values.tagIds,
    billable: values.billable,
    start: values.start,
    end: values.end,
  };
}

function EditRecordDialog({ recordId }: { recordId: string }) {
  const { t, timeRange } = useI18n();
  const announce = useAnnounce();
  const announceRecord = useAnnounceRecord();
  const inStore = useStore((s) => s.records.find((item) => item.id === recordId));
  const [fetched, setFetched] = useState<TimeRecord | null>(null);
  const [missing, setMissing] = useState<ApiError | null>(null);
  const record = inStore ?? fetched;
  useEffect(() => {
    if (inStore || fetched) return;
    void api.call(getTimeRecord, { params: { id: recordId } }).then((result) => {
      if (result.ok) setFetched(result.data);
      else setMissing(result.error);
    });
  }, [inStore, fetched, recordId]);

  if (!record) {
    return (
      <Dialog title={t('record.title.edit')} onClose={closeRecordDialog}>
        {missing ? <p role="alert">{missing.message}</p> : <p aria-busy="true">{t('state.loading')}</p>}
      </Dialog>
    );
  }
  const initial: RecordFormInitial = {
    description: record.description,
    projectId: record.projectId,
    taskId: record.taskId,
    tagIds: record.tagIds,
    billable: record.billable,
    start: record.start,
    end: record.end,
  };
  async function remove() {
    if (!record) return;
    const result = await deleteRecord(record);
    if (!result.ok) {
      announce(result.error.message, { tone: 'error', ...(result.error.hint && { hint: result.error.hint }) });
      return;
    }
    closeRecordDialog();
    const kept = record;
    announce(t('record.deleted', { description: kept.description || t('record.noDescription'), time: timeRange(kept.start, kept.end) }), {
      undo: async () => {
        const body = {
          projectId: kept.projectId,
          taskId: kept.taskId,
          description: kept.description,
          start: kept.start,
          end: kept.end,
          billable: kept.billable,
          tagIds: kept.tagIds,
        };
        const again = kept.impulseId ? await track(kept.impulseId, body) : await createRecord(body);
        if (again.ok) announce(t('record.restored'));
        else announce(again.error.message, { tone: 'error', ...(again.error.hint && { hint: again.error.hint }) });
      },
    });
  }
  return (
    <Dialog title={t('record.title.edit')} onClose={closeRecordDialog} className="record-dialog" initialFocus='[data-action="save"]'>
      <RecordForm
        initial={initial}
        onCancel={closeRecordDialog}
        extraActions={
          <button type="button" className="danger" data-action="delete" onClick={() => void remove()}>
            {t('record.delete')}
          </button>
        }
        onSubmit={async (values) => {
          const before = record;
          const result = await updateRecord(record.id, { version: record.version, ...recordBody(values) });
          if (!result.ok) return result.error;
          closeRecordDialog();
          announceRecord('record.saved', result.data, async () => {
            const latest = getState().records.find((item) => item.id === before.id) ?? result.data;
            await updateRecord(before.id, {
              version: latest.version,
              description: before.description,
              projectId: before.projectId,
              taskId: before.taskId,
              tagIds: before.tagIds,
              billable: before.billable,
              start: before.start,
              end: before.end,
            });
          });
          return null;
        }}
      />
    </Dialog>
  );
}

function NewRecordDialog({ request }: { request: Extract<RecordDialogRequest, { kind: 'new' }> }) {
  const { t, zone, today } = useI18n();
  const { profile } = useSignedIn();
  const announceRecord = useAnnounceRecord();
  const undoCreate = useUndoCreate();
  const [initial] = useState<RecordFormInitial>(() => {
    const preferences = preferencesOf(profile);
    const length = preferences.defaultRecordMinutes * 60_000;
    let start = request.start;
    if (!start && request.date) {
      const dayStart = parseTimeOfDay(preferences.dayStartTime) ?? 9 * 60;
      start = atDayMinutes(request.date === today() ? request.date : request.date, dayStart, zone);
    }
    if (!start) {
      // now, on the snap grid, ending now: what was just done
      const snap = preferences.snapMinutes * 60_000;
      const now = Math.floor(Date.now() / snap) * snap;
      start = new Date(now - length).toISOString();
    }
    const end = request.end ?? new Date(new Date(start).getTime() + length).toISOString();
    return {
      description: request.description ?? '',
      projectId: request.projectId ?? null,
      taskId: request.taskId ?? null,
      tagIds: [],
      billable: null,
      start,
      end,
    };
  });
  return (
    <Dialog
      title={t('record.title.new')}
      onClose={closeRecordDialog}
      className="record-dialog"
      initialFocus={initial.projectId ? '[data-action="save"]' : '[data-field="project"]'}
    >
      <RecordForm
        initial={initial}
        onCancel={closeRecordDialog}
        onSubmit={async (values) => {
          const result = await createRecord(recordBody(values));
          if (!result.ok) return result.error;
          closeRecordDialog();
          announceRecord('record.created', result.data, undoCreate(result.data));
          return null;
        }}
      />
    </Dialog>
  );
}

function QuickTrackDialog({ request }: { request: Extract<RecordDialogRequest, { kind: 'quickTrack' }> }) {
  const { t, zone, dayShort, dateOf, timeRange } = useI18n();
  const { profile } = useSignedIn();
  const announceRecord = useAnnounceRecord();
  const undoCreate = useUndoCreate();
  const impulse = useStore((s) => s.impulses.find((item) => item.id === request.impulseId));
  const [initial] = useState<RecordFormInitial | null>(() => {
    if (!impulse) return null;
    const span = impulseSpan(impulse, request, preferencesOf(profile), zone, Date.now());
    return {
      description: impulse.kind === 'meeting' ? impulse.summary : (impulse.description ?? ''),
      projectId: impulse.kind === 'recent' ? impulse.projectId : impulse.suggestedProjectId,
      taskId: impulse.kind === 'recent' ? impulse.taskId : impulse.suggestedTaskId,
      tagIds: [],
      billable: null,
      ...span,
    };
  });
  if (!impulse || !initial) {
    return (
      <Dialog title={t('quickTrack.title')} onClose={closeRecordDialog}>
        <p role="alert">{t('record.notFound')}</p>
      </Dialog>
    );
  }
  const tracked = impulse.kind === 'meeting' && impulse.state === 'tracked' && impulse.timeRecordId;
  const alreadyTracked = (recordId: string | null) => (
    <div className="problem problem-warning" role="status">
      <p className="problem-message">{t('record.error.alreadyTracked')}</p>
      {recordId && (
        <button type="button" className="link-button" onClick={() => openRecordDialog({ kind: 'edit', recordId })}>
          {t('record.openRecord')}
        </button>
      )}
    </div>
  );
  const source =
    impulse.kind === 'meeting' && impulse.start && impulse.end
      ? t('quickTrack.source', {
          summary: impulse.summary,
          day: dayShort(impulse.allDay ? impulse.start : dateOf(impulse.start)),
          time: impulse.allDay ? '' : timeRange(impulse.start, impulse.end),
          calendar: impulse.source?.name ?? '',
        }).replace(/ {2,}/g, ' ')
      : null;
  const recurring = impulse.kind === 'meeting' && impulse.recurring;
  const close = () => {
    closeRecordDialog();
    // the dialog's own opener was the first impulse of the chain: come back to this one instead
    if (request.chained) window.setTimeout(() => focusImpulse(impulse.id), 0);
  };
  return (
    <Dialog
      title={t('quickTrack.title')}
      onClose={close}
      className="record-dialog"
      initialFocus={initial.projectId ? '[data-action="save"]' : '[data-field="project"]'}
    >
      {source && <p className="quick-track-source">{source}</p>}
      <RecordForm
        initial={initial}
        series={recurring}
        saveNext
        onCancel={close}
        problem={tracked ? alreadyTracked(impulse.timeRecordId) : null}
        onSubmit={async (values, next) => {
          const moveOn = focusNextUntrackedLater(impulse.id);
          const body = { ...recordBody(values), ...(recurring && { rememberForSeries: values.rememberForSeries }) };
          const result = await track(impulse.id, body);
          if (!result.ok) {
            if (result.error.code === 'already_tracked') return { ...result.error, message: t('record.error.alreadyTracked') };
            return result.error;
          }
          const following = next ? nextUntrackedId(impulse.id) : null;
          announceRecord('record.created', result.data, undoCreate(result.data));
          if (following) openRecordDialog({ kind: 'quickTrack', impulseId: following, chained: true });
          else {
            closeRecordDialog();
            moveOn();
          }
          return null;
        }}
      />
    </Dialog>
  );
}
