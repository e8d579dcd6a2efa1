import { useEffect, useState } from 'react';
import { dateInZone } from '../../../src/i18n/format.ts';
import { useI18n } from '../i18n.tsx';
import { useSignedIn } from '../session.tsx';
import { dismissNudge, openCloseDay, useCloseDayMemory, useCloseDayOpen, useDayReview } from './close-day-state.ts';
import { nudgeFor } from './nudge.ts';

// The end-of-day nudge (UX.md B9): "3 meetings untracked today · Close the day", from the
// profile's nudge time on a working day until the day is closed or the nudge is waved away.
export function CloseDayNudge() {
  const { profile } = useSignedIn();
  const { t, tp, zone } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  const today = dateInZone(now, zone);
  const review = useDayReview(profile.id, today, zone, profile.workday, now);
  const memory = useCloseDayMemory(profile.id);
  const sheetOpen = useCloseDayOpen() !== null;
  const nudge = nudgeFor({
    now,
    zone,
    workday: profile.workday,
    todayQueue: review?.loaded ? review.queue : null,
    dismissedOn: memory.nudgeDismissed,
  });
  return (
    <div aria-live="polite">
      {nudge && !sheetOpen && (
        <section className="close-day-nudge" aria-label={t('closeDay.nudge.region')} data-testid="close-day-nudge">
          <p>{nudge.meetings > 0 ? tp('closeDay.nudge.meetings', nudge.meetings) : tp('closeDay.nudge.items', nudge.items)}</p>
          <button type="button" className="primary" onClick={() => openCloseDay(nudge.day)}>
            {t('closeDay.nudge.action')}
          </button>
          <button type="button" className="link-button" onClick={() => dismissNudge(profile.id, nudge.day)}>
            {t('closeDay.nudge.dismiss')}
          </button>
        </section>
      )}
    </div>
  );
}
