import { useEffect } from 'react';
import { loadCatalog, loadConnections, loadTimer } from '../data/store.ts';
import { ImpulsesPanel } from '../impulses/ImpulsesPanel.tsx';
import { RecordDialogs } from '../records/RecordDialogs.tsx';
import { Frame } from '../shell/Frame.tsx';
import { DashboardCalendar } from './DashboardCalendar.tsx';
import { StopwatchBar } from './StopwatchBar.tsx';

// Nástěnka (UX.md B1): the impulses panel on the left, the calendar in the centre, the stopwatch
// across the top. The three share one store (data/store.ts).
export function Dashboard() {
  useEffect(() => {
    void loadCatalog();
    void loadTimer();
    void loadConnections();
  }, []);
  return (
    <Frame stopwatch={<StopwatchBar />}>
      <main className="dashboard">
        <ImpulsesPanel />
        <DashboardCalendar />
      </main>
      <RecordDialogs />
    </Frame>
  );
}
