import { type FormEvent, useId, useState } from 'react';
import type { Response } from '../../../src/contract/client.ts';
import { createImport, IMPORT_MAX_BYTES } from '../../../src/contract/imports.ts';
import { api, type ApiError } from '../api.ts';
import { AdminPage, NotAllowed } from '../catalog/parts.tsx';
import { useI18n } from '../i18n.tsx';
import { TimeZoneField } from '../pages/TimeZoneField.tsx';
import { Link } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { isAdminRole } from '../team/permissions.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import './import.css';

type Result = Response<typeof createImport>;
type Vendor = 'toggl' | 'clockify';
type DateOrder = '' | 'DMY' | 'MDY';
// what the dry run was made of: Import sends exactly this again
type Checked = { file: string; name: string; vendor: Vendor; timeZone: string; dateOrder: DateOrder; result: Result };

// Import from Toggl Track or Clockify (owners and admins; issue 10): the detailed-report CSV, its
// zone, a dry run that shows what would be created and every rejected row, then the import itself.
export function ImportScreen() {
  const { t } = useI18n();
  const { profile } = useSignedIn();
  if (!isAdminRole(profile.role)) return <NotAllowed title={t('import.title')} />;
  return <Importer />;
}

function Importer() {
  const { t, tp, duration } = useI18n();
  const { profile } = useSignedIn();
  const announce = useAnnounce();
  const id = useId();
  const [vendor, setVendor] = useState<Vendor>('toggl');
  const [file, setFile] = useState<File | null>(null);
  const [timeZone, setTimeZone] = useState(profile.timeZone);
  const [dateOrder, setDateOrder] = useState<DateOrder>('');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [imported, setImported] = useState<Result | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  // any change of what was checked asks for a new dry run
  const changed = () => {
    setChecked(null);
    setImported(null);
    setError(null);
  };

  async function send(text: string, options: { vendor: Vendor; timeZone: string; dateOrder: DateOrder }, dryRun: boolean) {
    return api.call(createImport, {
      body: {
        file: text,
        vendor: options.vendor,
        timeZone: options.timeZone,
        dryRun,
        ...(options.dateOrder && { dateOrder: options.dateOrder }),
      },
    });
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    changed();
    if (!file) return setFileProblem(t('import.file.required'));
    if (file.size > IMPORT_MAX_BYTES) return setFileProblem(t('import.file.tooLarge', { size: String(IMPORT_MAX_BYTES / 1024 / 1024) }));
    setFileProblem(null);
    setBusy('check');
    const text = await file.text();
    const result = await send(text, { vendor, timeZone, dateOrder }, true);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setChecked({ file: text, name: file.name, vendor, timeZone, dateOrder, result: result.data });
    announce(t('import.checked', { accepted: String(result.data.accepted), rejected: String(result.data.rejected.length) }));
  }

  async function run() {
    if (!checked) return;
    setBusy('import');
    const result = await send(checked.file, checked, false);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setImported(result.data);
    setChecked(null);
    announce(tp('import.done', result.data.imported));
  }

  return (
    <AdminPage title={t('import.title')} intro={t('import.intro')} className="import-page">
      <form className="catalog-card import-form" onSubmit={check} noValidate aria-label={t('import.form')}>
        <fieldset className="import-vendor">
          <legend>{t('import.vendor')}</legend>
          {(['toggl', 'clockify'] as const).map((each) => (
            <label key={each} className="check">
              <input
                type="radio"
                name={`${id}-vendor`}
                value={each}
                checked={vendor === each}
                onChange={() => {
                  setVendor(each);
                  changed();
                }}
              />
              {t(`import.vendor.${each}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('import.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${id}-file-help${fileProblem ? ` ${id}-file-error` : ''}`}
            aria-invalid={fileProblem ? true : undefined}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFileProblem(null);
              changed();
            }}
          />
          {fileProblem && (
            <p id={`${id}-file-error`} className="field-error">
              {fileProblem}
            </p>
          )}
          <p id={`${id}-file-help`} className="field-help">
            {t(`import.file.help.${vendor}`)}
          </p>
        </div>
        <TimeZoneField
          value={timeZone}
          onChange={(zone) => {
            setTimeZone(zone);
            changed();
          }}
          label={t('import.zone')}
          searchLabel={t('import.zone.search')}
          help={t('import.zone.help')}
        />
        {vendor === 'clockify' && (
          <div className="field">
            <label htmlFor={`${id}-order`}>{t('import.dateOrder')}</label>
            <select
              id={`${id}-order`}
              value={dateOrder}
              onChange={(event) => {
                setDateOrder(event.target.value as DateOrder);
                changed();
              }}
              aria-describedby={`${id}-order-help`}
            >
              <option value="">{t('import.dateOrder.auto')}</option>
              <option value="DMY">{t('import.dateOrder.DMY')}</option>
              <option value="MDY">{t('import.dateOrder.MDY')}</option>
            </select>
            <p id={`${id}-order-help`} className="field-help">
              {t('import.dateOrder.help')}
            </p>
          </div>
        )}
        <div className="form-actions import-actions">
          <button
            type="submit"
            className={checked ? undefined : 'primary'}
            disabled={busy !== null}
            aria-busy={busy === 'check' || undefined}
          >
            {busy === 'check' ? t('import.checking') : t('import.check')}
          </button>
        </div>
        <Problem error={error} />
      </form>
      {checked && <DryRun checked={checked} busy={busy === 'import'} onImport={() => void run()} />}
      {imported && (
        <section className="catalog-card import-done" aria-labelledby={`${id}-done`} data-testid="import-done">
          <h2 id={`${id}-done`}>{tp('import.done', imported.imported)}</h2>
          <p>
            {t('import.done.detail', {
              duration: duration(imported.totalSeconds),
              duplicates: String(imported.duplicates),
              rejected: String(imported.rejected.length),
            })}
          </p>
          <p>
            <Link to="/reports">{t('import.toReports')}</Link>
          </p>
        </section>
      )}
    </AdminPage>
  );
}

function DryRun({ checked, busy, onImport }: { checked: Checked; busy: boolean; onImport: () => void }) {
  const { t, tp, duration } = useI18n();
  const id = useId();
  const { result } = checked;
  const toWrite = result.accepted - result.duplicates;
  const created = (['clients', 'projects', 'tasks', 'tags'] as const).filter((kind) => result.created[kind].length > 0);
  return (
    <section className="catalog-card import-result" aria-labelledby={`${id}-title`} data-testid="dry-run">
      <h2 id={`${id}-title`}>{t('import.dryRun.title', { file: checked.name })}</h2>
      <p className="muted">{t('import.dryRun.intro')}</p>
      <dl className="import-figures">
        <div>
          <dt>{t('import.rows')}</dt>
          <dd data-testid="dry-rows">{result.rows}</dd>
        </div>
        <div>
          <dt>{t('import.toImport')}</dt>
          <dd data-testid="dry-accepted">{toWrite}</dd>
        </div>
        <div>
          <dt>{t('import.duplicates')}</dt>
          <dd data-testid="dry-duplicates">{result.duplicates}</dd>
        </div>
        <div>
          <dt>{t('import.rejectedCount')}</dt>
          <dd data-testid="dry-rejected">{result.rejected.length}</dd>
        </div>
        <div>
          <dt>{t('import.time')}</dt>
          <dd data-testid="dry-seconds" data-seconds={result.totalSeconds}>
            {duration(result.totalSeconds)}
          </dd>
        </div>
      </dl>
      <h3>{t('import.created.title')}</h3>
      {created.length === 0 ? (
        <p className="muted">{t('import.created.none')}</p>
      ) : (
        <dl className="import-created">
          {created.map((kind) => (
            <div key={kind} data-created={kind}>
              <dt>{t(`import.created.${kind}`)}</dt>
              <dd>{result.created[kind].join(', ')}</dd>
            </div>
          ))}
        </dl>
      )}
      {result.perUser.length > 0 && (
        <div className="import-scroll">
          <table className="import-table">
            <caption>{t('import.perUser')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.col.email')}</th>
                <th scope="col" className="num">
                  {t('import.col.records')}
                </th>
                <th scope="col" className="num">
                  {t('import.time')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.perUser.map((user) => (
                <tr key={user.email}>
                  <th scope="row">{user.email}</th>
                  <td className="num">{user.records}</td>
                  <td className="num">{duration(user.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.unknownUsers.length > 0 && (
        <div className="problem problem-warning" role="status">
          <p className="problem-message">{tp('import.unknownUsers', result.unknownUsers.length)}</p>
          <p className="problem-hint">{result.unknownUsers.join(', ')}</p>
        </div>
      )}
      {result.rejected.length > 0 && (
        <div className="import-scroll">
          <table className="import-table" data-testid="rejected-rows">
            <caption>{tp('import.rejected', result.rejected.length)}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('import.col.line')}
                </th>
                <th scope="col">{t('import.col.reason')}</th>
                <th scope="col">{t('import.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rejected.map((row) => (
                <tr key={`${row.row}-${row.reason}`} data-row={row.row} data-reason={row.reason}>
                  <th scope="row" className="num">
                    {row.row}
                  </th>
                  <td>{t(`import.reason.${row.reason}`)}</td>
                  <td className="import-detail">{row.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        {toWrite > 0 ? (
          <button type="button" className="primary" onClick={onImport} disabled={busy} aria-busy={busy || undefined}>
            {busy ? t('import.importing') : tp('import.run', toWrite)}
          </button>
        ) : (
          <p className="muted">{t('import.nothing')}</p>
        )}
      </div>
    </section>
  );
}
