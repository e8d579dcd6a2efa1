import { type KeyboardEvent, useId, useRef, useState } from 'react';
import type { UiKey } from '../../../src/i18n/ui.ts';
import { useI18n } from '../i18n.tsx';
import { boldRuns } from './card-state.ts';

// "How to get the link" (UX.md B7, B8 connect flow): one tab per Outlook (or per calendar service
// on the ICS card), each an ordered list of steps with Outlook's own labels. An APG tablist: ←/→,
// Home and End move between tabs; only the selected tab is in the Tab order.
type Guide = { id: string; label: UiKey; steps: UiKey[]; note?: UiKey };

const EXCHANGE_GUIDES: Guide[] = [
  {
    id: 'outlook',
    label: 'connections.help.outlook',
    note: 'connections.help.outlook.stop',
    steps: [
      'connections.help.outlook.1',
      'connections.help.outlook.2',
      'connections.help.outlook.3',
      'connections.help.outlook.4',
      'connections.help.outlook.5',
      'connections.help.outlook.6',
    ],
  },
  {
    id: 'owa-new',
    label: 'connections.help.owaNew',
    note: 'connections.help.owaNew.stop',
    steps: [
      'connections.help.owaNew.1',
      'connections.help.owaNew.2',
      'connections.help.owaNew.3',
      'connections.help.owaNew.4',
      'connections.help.owaNew.5',
    ],
  },
  {
    id: 'owa-classic',
    label: 'connections.help.owaClassic',
    note: 'connections.help.owaClassic.stop',
    steps: [
      'connections.help.owaClassic.1',
      'connections.help.owaClassic.2',
      'connections.help.owaClassic.3',
      'connections.help.owaClassic.4',
    ],
  },
];

const ICS_GUIDES: Guide[] = [
  {
    id: 'google',
    label: 'connections.help.google',
    steps: ['connections.help.google.1', 'connections.help.google.2', 'connections.help.google.3'],
  },
  {
    id: 'apple',
    label: 'connections.help.apple',
    steps: ['connections.help.apple.1', 'connections.help.apple.2', 'connections.help.apple.3'],
  },
  {
    id: 'elsewhere',
    label: 'connections.help.elsewhere',
    steps: ['connections.help.elsewhere.1', 'connections.help.elsewhere.2', 'connections.help.elsewhere.3'],
  },
];

export function RichText({ text }: { text: string }) {
  return (
    <>{boldRuns(text).map((run, index) => (run.bold ? <strong key={index}>{run.text}</strong> : <span key={index}>{run.text}</span>))}</>
  );
}

export function LinkHelp({ provider }: { provider: 'exchange' | 'ics' }) {
  const { t } = useI18n();
  const guides = provider === 'exchange' ? EXCHANGE_GUIDES : ICS_GUIDES;
  const [selected, setSelected] = useState(0);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const base = useId();
  const headingId = `${base}-heading`;

  function onKeyDown(event: KeyboardEvent) {
    const last = guides.length - 1;
    let next: number;
    if (event.key === 'ArrowRight') next = selected === last ? 0 : selected + 1;
    else if (event.key === 'ArrowLeft') next = selected === 0 ? last : selected - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = last;
    else return;
    event.preventDefault();
    setSelected(next);
    tabs.current[next]?.focus();
  }

  const guide = guides[selected]!;
  return (
    <div className="link-help">
      <h3 id={headingId} className="link-help-title">
        {t('connections.help')}
      </h3>
      <div
        role="tablist"
        aria-label={t(provider === 'exchange' ? 'connections.help.tabs' : 'connections.help.tabsIcs')}
        className="tabs"
        onKeyDown={onKeyDown}
      >
        {guides.map((item, index) => (
          <button
            key={item.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${item.id}`}
            aria-selected={index === selected}
            aria-controls={`${base}-panel`}
            tabIndex={index === selected ? 0 : -1}
            className="tab"
            onClick={() => setSelected(index)}
          >
            {t(item.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${guide.id}`} className="tabpanel" tabIndex={0}>
        <ol className="steps">
          {guide.steps.map((step) => (
            <li key={step}>
              <RichText text={t(step)} />
            </li>
          ))}
        </ol>
        {guide.note && <p className="field-help">{t(guide.note)}</p>}
      </div>
    </div>
  );
}

// The seed's troubleshooting, in the app: how to publish again with Limited details.
export function AvailabilityFix() {
  const { t } = useI18n();
  return (
    <div className="availability-fix">
      <p>
        <RichText text={t('connections.fix.intro')} />
      </p>
      <ul>
        <li>{t('connections.fix.outlook')}</li>
        <li>{t('connections.fix.owaClassic')}</li>
        <li>{t('connections.fix.owaNew')}</li>
      </ul>
      <p>{t('connections.fix.newLink')}</p>
    </div>
  );
}
