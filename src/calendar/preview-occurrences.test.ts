import { describe, expect, it } from 'vitest';
import { previewOccurrences } from './preview-occurrences.ts';
import type { Occurrence } from './types.ts';

const at = (start: string, end: string, summary: string): Occurrence => ({
  uid: summary,
  recurrenceId: null,
  start,
  end,
  allDay: start.length === 10,
  summary,
  location: null,
  busyStatus: 'busy',
  private: false,
  cancelled: false,
});
const now = new Date('2027-03-10T08:00:00Z');
const summaries = (list: Occurrence[]) => list.map((occurrence) => occurrence.summary);

describe('previewOccurrences', () => {
  const feed = [
    at('2027-03-12T09:00:00Z', '2027-03-12T10:00:00Z', 'friday'),
    at('2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z', 'last week'),
    at('2027-03-10T07:30:00Z', '2027-03-10T08:30:00Z', 'under way'),
    at('2027-03-11', '2027-03-12', 'all day tomorrow'),
    at('2027-03-09T09:00:00Z', '2027-03-09T10:00:00Z', 'yesterday'),
    at('2027-04-01T09:00:00Z', '2027-04-01T10:00:00Z', 'april'),
  ];

  it('shows the next three, nearest first, a meeting under way included', () => {
    expect(summaries(previewOccurrences(feed, now))).toEqual(['under way', 'all day tomorrow', 'friday']);
  });

  it('fills up with the most recent past ones when fewer lie ahead', () => {
    expect(summaries(previewOccurrences(feed, new Date('2027-03-20T00:00:00Z')))).toEqual(['april', 'friday', 'all day tomorrow']);
    expect(summaries(previewOccurrences(feed.slice(1, 2), now))).toEqual(['last week']);
    expect(previewOccurrences([], now)).toEqual([]);
  });
});
