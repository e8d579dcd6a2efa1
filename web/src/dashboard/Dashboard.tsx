import { useEffect } from 'react';
import { CloseDayNudge } from '../close-day/CloseDayNudge.tsx';
import { CloseDaySheet } from '../close-day/CloseDaySheet.tsx';
import { loadCatalog, loadConnections, loadTimer } from '../data/store.ts';
import { ImpulsesPanel } from '../impulses/ImpulsesPanel.tsx';
import { RecordDialogs } from '../records/RecordDialogs.tsx';
import { Frame } from '../shell/Frame.tsx';
import { DashboardCalendar } from './DashboardCalendar.tsx';
import { StopwatchBar } from './StopwatchBar.tsx';

// Nástěnka (UX.md B1): the impulses panel on the left, the calendar in the centre, the stopwatch
// across the top. The three share one store (data/store.ts). Close the day is a sheet over it.
export function Dashboard() {
  useEffect(() => {
    void loadCatalog();
    void loadTimer();
    void loadConnections();
  }, []);
  return (
    <Frame stopwatch={<StopwatchBar />}>
      <CloseDayNudge />
      <main className="dashboard">
        <ImpulsesPanel />
        <DashboardCalendar />
      </main>
      <CloseDaySheet />
      <RecordDialogs />
    </Frame>
  );
}
