// The floor for bench/web.ts: a bare FullCalendar page (same version, plugins, views and theme as
// the dashboard) that fetches the same records and meetings as JSON and renders the same week.
// Plain JavaScript so that it needs no build settings of its own beyond Vite's defaults.
import FullCalendar from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import listPlugin from '@fullcalendar/react/list';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import classicTheme from '@fullcalendar/react/themes/classic';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import { createElement, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Floor() {
  const [events, setEvents] = useState(null);
  useEffect(() => {
    void fetch('/events.json').then(async (response) => setEvents(await response.json()));
  }, []);
  if (!events) return createElement('p', null, 'Loading');
  const initialDate = new URLSearchParams(location.search).get('date') ?? undefined;
  return createElement(FullCalendar, {
    plugins: [classicTheme, timeGridPlugin, dayGridPlugin, listPlugin, interactionPlugin],
    initialView: 'timeGridWeek',
    initialDate,
    timeZone: 'UTC',
    firstDay: 1,
    editable: true,
    selectable: true,
    eventInteractive: true,
    nowIndicator: true,
    events,
    eventDidMount: (info) => info.el.setAttribute('data-record-id', info.event.id),
  });
}

createRoot(document.getElementById('root')).render(createElement(Floor));
