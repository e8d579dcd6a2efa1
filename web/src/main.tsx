import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { SessionProvider } from './session.tsx';
import { AnnouncerProvider } from './ui/announcer.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <AnnouncerProvider>
        <App />
      </AnnouncerProvider>
    </SessionProvider>
  </StrictMode>,
);
