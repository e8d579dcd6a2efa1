import type { ApiResult } from '../../../src/contract/client.ts';
import type { z } from 'zod';
import { discardTimer, updateTimer } from '../../../src/contract/tracking.ts';
import { api } from '../api.ts';
import { deleteRecord, getState, loadTimer, type RunningTimer, setState, startTimerWith, type TimeRecord } from '../data/store.ts';

// The stopwatch's own writes beyond start and stop (PATCH and DELETE /timer), kept beside the bar.
type UpdateBody = z.input<typeof updateTimer.body>;

export async function updateRunningTimer(body: UpdateBody) {
  const result = await api.call(updateTimer, { body });
  if (result.ok) setState({ timer: result.data.running });
  else if (result.error.status === 404) void loadTimer();
  return result;
}

export async function discardRunningTimer() {
  const result = await api.call(discardTimer);
  if (result.ok) setState({ timer: null });
  return result;
}

// Undo of a switch: the new timer goes, the saved record goes, the previous timer runs again from its own start.
export async function undoSwitch(stopped: TimeRecord, previous: RunningTimer): Promise<ApiResult<unknown>> {
  const discarded = await discardRunningTimer();
  if (!discarded.ok) return discarded;
  const current = getState().records.find((record) => record.id === stopped.id) ?? stopped;
  const removed = await deleteRecord(current);
  if (!removed.ok) return removed;
  return startTimerWith({
    ...(previous.projectId && { projectId: previous.projectId }),
    taskId: previous.taskId,
    description: previous.description,
    billable: previous.billable,
    tagIds: previous.tagIds,
    startedAt: previous.startedAt,
  });
}
