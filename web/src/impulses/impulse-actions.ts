import {
  deleteRecord,
  dismiss,
  getState,
  type Impulse,
  projectLabel,
  restore,
  type TimeRecord,
  track,
  updateRecord,
  updateRecordToNewTime,
} from '../data/store.ts';
import { useDropActions } from '../dashboard/drag.ts';
import { useI18n } from '../i18n.tsx';
import { openRecordDialog } from '../records/dialogs.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import type { MenuItem } from '../ui/menu.tsx';
import { focusNextUntrackedLater } from './focus.ts';
import { makeRuleLink } from '../rules/rules-view.ts';
import { navigate } from '../router.tsx';
import { displaySummary, itemState, stopwatchAvailability } from './impulse-view.ts';

// What can be done with an impulse (UX.md B4): the action menu and the item's own keys (T, S,
// Delete, O) call the same functions, and each ends with focus on the next untracked impulse.
export function useImpulseActions() {
  const { t, lang, timeRange } = useI18n();
  const announce = useAnnounce();
  const drops = useDropActions();
  const refuse = (error: { message: string; hint?: string | undefined }) =>
    announce(error.message, { tone: 'error', ...(error.hint && { hint: error.hint }) });
  const summaryOf = (impulse: Impulse) => displaySummary(lang, impulse);

  async function trackAsSuggested(impulse: Impulse) {
    const moveOn = focusNextUntrackedLater(impulse.id);
    if (!impulse.suggestedProjectId) return quickTrack(impulse);
    const suggestedTaskId = impulse.suggestedTaskId;
    const result = await track(impulse.id, { projectId: impulse.suggestedProjectId, ...(suggestedTaskId && { taskId: suggestedTaskId }) });
    if (!result.ok) return refuse(result.error);
    const record = result.data;
    const state = getState();
    announce(
      t('impulses.tracked', {
        description: record.description || summaryOf(impulse),
        time: timeRange(record.start, record.end),
        project: projectLabel(
          state.projects.find((project) => project.id === record.projectId),
          state.clients,
        ),
      }),
      {
        actions: [{ label: t('action.edit'), run: () => openRecordDialog({ kind: 'edit', recordId: record.id }) }],
        undo: async () => {
          const current = getState().records.find((item) => item.id === record.id) ?? record;
          const undone = await deleteRecord(current);
          if (!undone.ok) refuse(undone.error);
        },
      },
    );
    moveOn();
  }

  function quickTrack(impulse: Impulse) {
    openRecordDialog({ kind: 'quickTrack', impulseId: impulse.id });
  }

  async function startStopwatch(impulse: Impulse) {
    const moveOn = focusNextUntrackedLater(impulse.id);
    const availability = stopwatchAvailability(impulse, Date.now());
    if (availability !== 'ok') {
      announce(t(availability === 'notStarted' ? 'impulses.reason.notStarted' : 'impulses.reason.over'), { tone: 'error' });
      return;
    }
    await drops.dropOnStopwatch(impulse.id);
    moveOn();
  }

  function openRecord(impulse: Impulse) {
    if (impulse.timeRecordId) openRecordDialog({ kind: 'edit', recordId: impulse.timeRecordId });
  }

  async function updateToNewTime(impulse: Impulse) {
    const moveOn = focusNextUntrackedLater(impulse.id);
    const before = getState().records.find((record) => record.id === impulse.timeRecordId) ?? null;
    if (!(await updateToNewTimeWithUndo(impulse.id, before, { t, timeRange, announce, refuse }))) return;
    moveOn();
  }

  async function dismissOne(impulse: Impulse) {
    const moveOn = focusNextUntrackedLater(impulse.id);
    const result = await dismiss(impulse.id);
    if (!result.ok) return refuse(result.error);
    announce(t('impulses.dismissed', { summary: summaryOf(impulse) }), {
      undo: async () => {
        const undone = await restore(impulse.id);
        if (!undone.ok) refuse(undone.error);
      },
    });
    moveOn();
  }

  async function dismissAllInSeries(impulse: Impulse) {
    const moveOn = focusNextUntrackedLater(impulse.id);
    const result = await dismiss(impulse.id, true);
    if (!result.ok) return refuse(result.error);
    announce(t('impulses.dismissedSeries', { summary: summaryOf(impulse) }), {
      undo: async () => {
        const undone = await restore(impulse.id, true);
        if (!undone.ok) refuse(undone.error);
      },
    });
    moveOn();
  }

  async function restoreOne(impulse: Impulse) {
    const moveOn = focusNextUntrackedLater(impulse.id);
    const result = await restore(impulse.id);
    if (!result.ok) return refuse(result.error);
    announce(t('impulses.restored', { summary: summaryOf(impulse) }));
    moveOn();
  }

  // The menu (UX.md B4 table): what applies, in this order; disabled items say why.
  function menuItems(impulse: Impulse): MenuItem[] {
    const state = itemState(impulse);
    const items: MenuItem[] = [];
    const recurring = impulse.recurring;
    const suggestion = impulse.suggestedProjectId
      ? projectLabel(
          getState().projects.find((project) => project.id === impulse.suggestedProjectId),
          getState().clients,
        )
      : '';
    if (state === 'untracked' && suggestion)
      items.push({
        id: 'track-as',
        label: t('impulses.action.trackAs', { project: suggestion }),
        onSelect: () => void trackAsSuggested(impulse),
      });
    if (state === 'untracked' || state === 'recent')
      items.push({ id: 'track', label: t('impulses.action.track'), onSelect: () => quickTrack(impulse) });
    if (state === 'untracked' || state === 'recent') {
      const availability = stopwatchAvailability(impulse, Date.now());
      items.push({
        id: 'start-stopwatch',
        label: t('impulses.action.startStopwatch'),
        onSelect: () => void startStopwatch(impulse),
        ...(availability !== 'ok' && {
          disabled: true,
          reason: t(availability === 'notStarted' ? 'impulses.reason.notStarted' : 'impulses.reason.over'),
        }),
      });
    }
    if ((state === 'tracked' || state === 'changed' || state === 'removed') && impulse.timeRecordId) {
      items.push({ id: 'open-record', label: t('impulses.action.openRecord'), onSelect: () => openRecord(impulse) });
    }
    if (state === 'changed' && impulse.changedSinceTracked?.after) {
      items.push({ id: 'update-record', label: t('impulses.action.updateRecord'), onSelect: () => void updateToNewTime(impulse) });
    }
    if (state === 'untracked' || state === 'recent')
      items.push({ id: 'dismiss', label: t('impulses.action.dismiss'), onSelect: () => void dismissOne(impulse) });
    if (recurring && state === 'untracked')
      items.push({ id: 'dismiss-series', label: t('impulses.action.dismissSeries'), onSelect: () => void dismissAllInSeries(impulse) });
    if (state === 'dismissed') items.push({ id: 'restore', label: t('impulses.action.restore'), onSelect: () => void restoreOne(impulse) });
    // a rule for the meeting's series (recurring) or subject, its suggestion preselected
    const ruleLink = makeRuleLink(impulse);
    if (ruleLink) items.push({ id: 'make-rule', label: t('impulses.action.makeRule'), onSelect: () => navigate(ruleLink) });
    return items;
  }

  return { menuItems, quickTrack, startStopwatch, dismissOne, openRecord, trackAsSuggested };
}

type Announce = ReturnType<typeof useAnnounce>;
type Refuse = (error: { message: string; hint?: string | undefined }) => void;

/**
 * Moves the record of a meeting that moved in the calendar to its new time and announces it,
 * with an undo back to `before` (the record as it was) when it is known. Answers whether it moved.
 */
export async function updateToNewTimeWithUndo(
  impulseId: string,
  before: Pick<TimeRecord, 'start' | 'end' | 'description'> | null,
  ui: { t: ReturnType<typeof useI18n>['t']; timeRange: ReturnType<typeof useI18n>['timeRange']; announce: Announce; refuse: Refuse },
): Promise<boolean> {
  const result = await updateRecordToNewTime(impulseId);
  if (!result.ok) {
    ui.refuse(result.error);
    return false;
  }
  const record = result.data.record;
  ui.announce(
    ui.t('impulses.recordUpdated', { time: ui.timeRange(record.start, record.end) }),
    before
      ? {
          undo: async () => {
            const current = getState().records.find((item) => item.id === record.id) ?? record;
            const undone = await updateRecord(record.id, {
              version: current.version,
              start: before.start,
              end: before.end,
              description: before.description,
            });
            if (!undone.ok) ui.refuse(undone.error);
          },
        }
      : {},
  );
  return true;
}
