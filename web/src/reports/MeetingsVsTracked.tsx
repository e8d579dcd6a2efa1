import { useState } from 'react';
import type { Response } from '../../../src/contract/client.ts';
import { trackImpulse } from '../../../src/contract/impulses.ts';
import type { calendarVsTracked } from '../../../src/contract/reports.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { RecordForm } from '../records/RecordForm.tsx';
import { Link } from '../router.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';

export type Coverage = Response<typeof calendarVsTracked>;
type Meeting = Coverage['meetings'][number];

const CLASSES = ['tracked', 'trackedDifferently', 'untracked'] as const;

// Schůzky vs. záznamy (UX.md B11, the billing-leak report): the hours the connected calendars say
// against the hours tracked, by class, by project and by person, and the untracked meetings, each
// of one's own with Track.
export function MeetingsVsTracked({ coverage, showUsers, onTracked }: { coverage: Coverage; showUsers: boolean; onTracked: () => void }) {
  const { t, tp, lang, duration, date, dateOf, timeRange } = useI18n();
  const [tracking, setTracking] = useState<Meeting | null>(null);
  const { total } = coverage;
  const names = new Map(coverage.users.map((user) => [user.userId, user.name]));
  const untracked = coverage.meetings.filter((meeting) => meeting.class === 'untracked').sort((a, b) => a.start.localeCompare(b.start));
  const share = total.meetingSeconds > 0 ? Math.min(1, total.trackedSeconds / total.meetingSeconds) : 0;
  const percent = new Intl.NumberFormat(lang === 'cs' ? 'cs-CZ' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(share);
  return (
    <section className="rp-card rp-cvt" aria-labelledby="rp-cvt-title" data-testid="meetings-vs-tracked">
      <h2 id="rp-cvt-title">{t('reports.cvt.title')}</h2>
      <p className="muted">{t('reports.cvt.intro')}</p>
      {coverage.meetings.length === 0 ? (
        <div className="empty-state">
          <p>{t('reports.cvt.noMeetings')}</p>
          <p>
            <Link to="/connected-services">{t('reports.cvt.connect')}</Link>
          </p>
        </div>
      ) : (
        <>
          <dl className="rp-figures">
            <div>
              <dt>{t('reports.cvt.calendar')}</dt>
              <dd data-testid="cvt-calendar" data-seconds={total.meetingSeconds}>
                {duration(total.meetingSeconds)}
              </dd>
            </div>
            <div>
              <dt>{t('reports.cvt.tracked')}</dt>
              <dd data-testid="cvt-tracked" data-seconds={total.trackedSeconds}>
                {duration(total.trackedSeconds)}
              </dd>
            </div>
            {CLASSES.map((kind) => (
              <div key={kind} className={`rp-class rp-class-${kind}`}>
                <dt>{t(`reports.cvt.class.${kind}`)}</dt>
                <dd data-testid={`cvt-class-${kind}`} data-meetings={total[kind].meetings}>
                  <span className="rp-nowrap">{tp('reports.cvt.meetings', total[kind].meetings)}</span> ·{' '}
                  <span className="rp-nowrap">{duration(total[kind].seconds)}</span>
                </dd>
              </div>
            ))}
          </dl>
          <div className="rp-meter" aria-hidden="true">
            <span style={{ width: `${share * 100}%` }} />
          </div>
          <p className="rp-meter-text">{t('reports.cvt.share', { percent })}</p>
          {coverage.projects.length > 0 && (
            <div className="rp-scroll">
              <table className="rp-table">
                <caption>{t('reports.cvt.byProject')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.dim.project')}</th>
                    <th scope="col" className="rp-num">
                      {t('reports.cvt.col.meetings')}
                    </th>
                    <th scope="col" className="rp-num">
                      {t('reports.col.duration')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...coverage.projects]
                    .sort((a, b) => b.seconds - a.seconds)
                    .map((project) => (
                      <tr key={project.projectId}>
                        <th scope="row">{project.name}</th>
                        <td className="rp-num">{project.meetings}</td>
                        <td className="rp-num">{duration(project.seconds)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
          {showUsers && coverage.users.length > 1 && (
            <div className="rp-scroll">
              <table className="rp-table">
                <caption>{t('reports.cvt.byUser')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.dim.user')}</th>
                    <th scope="col" className="rp-num">
                      {t('reports.cvt.calendar')}
                    </th>
                    <th scope="col" className="rp-num">
                      {t('reports.cvt.tracked')}
                    </th>
                    <th scope="col" className="rp-num">
                      {t('reports.cvt.class.untracked')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {coverage.users.map((user) => (
                    <tr key={user.userId}>
                      <th scope="row">{user.name}</th>
                      <td className="rp-num">{duration(user.meetingSeconds)}</td>
                      <td className="rp-num">{duration(user.trackedSeconds)}</td>
                      <td className="rp-num">{tp('reports.cvt.meetings', user.untracked.meetings)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3 id="rp-untracked-title">{t('reports.cvt.untrackedList')}</h3>
          {untracked.length === 0 ? (
            <p className="empty-state">{t('reports.cvt.noneUntracked')}</p>
          ) : (
            <ul className="rp-meetings" aria-labelledby="rp-untracked-title">
              {untracked.map((meeting) => (
                <li key={meeting.impulseId} data-impulse-id={meeting.impulseId}>
                  <span className="rp-meeting-name">{meeting.summary}</span>
                  <span className="muted rp-meeting-when">
                    {[
                      date(dateOf(meeting.start)),
                      timeRange(meeting.start, meeting.end),
                      duration(secondsOf(meeting)),
                      ...(showUsers && !meeting.own ? [names.get(meeting.userId) ?? ''] : []),
                    ].map((part, index) => (
                      <span key={index} className="rp-nowrap">
                        {index > 0 ? ' · ' : ''}
                        {part}
                      </span>
                    ))}
                  </span>
                  {meeting.own && (
                    <button type="button" onClick={() => setTracking(meeting)}>
                      {t('reports.cvt.track')}
                      <span className="sr-only"> {meeting.summary}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {tracking && (
        <TrackMeetingDialog
          meeting={tracking}
          onClose={() => setTracking(null)}
          onTracked={() => {
            setTracking(null);
            onTracked();
          }}
        />
      )}
    </section>
  );
}

function secondsOf(meeting: Meeting): number {
  return Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 1000);
}

// Track from the report: the quick-track form with the meeting's subject and time, through the
// same idempotent endpoint the dashboard uses.
function TrackMeetingDialog({ meeting, onClose, onTracked }: { meeting: Meeting; onClose: () => void; onTracked: () => void }) {
  const { t, date, dateOf, timeRange } = useI18n();
  const announce = useAnnounce();
  return (
    <Dialog title={t('quickTrack.title')} onClose={onClose} className="record-dialog" initialFocus="[data-field='project']">
      <p className="quick-track-source">
        {meeting.summary} · {date(dateOf(meeting.start))} {timeRange(meeting.start, meeting.end)}
      </p>
      <RecordForm
        initial={{
          description: meeting.summary,
          projectId: meeting.projectId,
          taskId: null,
          tagIds: [],
          billable: null,
          start: meeting.start,
          end: meeting.end,
        }}
        onCancel={onClose}
        onSubmit={async (values) => {
          const result = await api.call(trackImpulse, {
            params: { id: meeting.impulseId },
            body: {
              description: values.description,
              projectId: values.projectId,
              taskId: values.taskId,
              tagIds: values.tagIds,
              billable: values.billable,
              start: values.start,
              end: values.end,
            },
          });
          if (!result.ok) return result.error;
          announce(t('reports.cvt.trackedDone', { summary: meeting.summary }));
          onTracked();
          return null;
        }}
      />
    </Dialog>
  );
}
