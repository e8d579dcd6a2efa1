import { dismiss, getState, restore, updateRecord } from '../data/store.ts';

// "Update record to new time" and "Dismiss all in this series" (UX.md B4).
// TODO(#9): POST /impulses/:id/update-record and the dismiss/restore `series` body once in src/contract.
export async function applyNewTime(impulseId: string) {
  const impulse = getState().impulses.find((item) => item.id === impulseId);
  const record = getState().records.find((item) => item.id === impulse?.timeRecordId);
  const after = impulse?.changedSinceTracked?.after;
  if (!impulse || !record || !after) return { ok: false as const, error: { status: 404, code: 'not_found', message: 'Not found' } };
  const result = await updateRecord(record.id, { version: record.version, start: after.start, end: after.end });
  return result.ok ? { ok: true as const, data: { record: result.data } } : result;
}

export async function dismissSeries(impulseId: string, on: boolean) {
  return on ? dismiss(impulseId) : restore(impulseId);
}
