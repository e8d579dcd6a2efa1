import { readFileSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { isMessageKey, translate } from '../i18n/translate.ts';

// Each command loads only what it needs (the server, the database, the HTTP client) when it
// runs: `kairos --help` or `kairos ics inspect` never load Fastify, PGlite or undici.
export type Io = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** what `kairos restore --file -` reads (process.stdin when not given) */
  stdin?: NodeJS.ReadableStream;
};

const USAGE = `Usage: kairos <command> [options]

Commands:
  serve                    Start the API server with the calendar sync worker (http://127.0.0.1:3000)
  worker                   Run the calendar sync worker as its own process (PostgreSQL deployments)
  migrate                  Apply database migrations and exit
  user create              Create a user and their organisation
  user invite              Print a one-time invite link for a new member
  user reset-password      Set a new random password for a user and print it
  ics inspect              Show what Kairos reads from an ICS calendar file or link
  import toggl|clockify    Import a Toggl Track or Clockify detailed-report CSV
  secret check|rotate      Check that KAIROS_SECRET opens the stored calendar links, or re-encrypt them under a new key
  backup                   Write every table of this installation (or, with --org, one organisation) to an NDJSON file
  restore                  Restore a backup into an empty database (or, with --replace, instead of its data)

Run "kairos <command> --help" for a command's options. Configuration comes from the
environment (PORT, HOST, KAIROS_DATA_DIR, DATABASE_URL, ...): see README.md.`;

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    case 'serve':
      return (await import('./server-commands.ts')).runServe(rest, io);
    case 'worker':
      return (await import('./server-commands.ts')).runWorker(rest, io);
    case 'migrate':
      return (await import('./server-commands.ts')).runMigrate(rest, io);
    case 'user':
      return (await import('./user-commands.ts')).runUserCommand(rest, io);
    case 'secret':
      return (await import('./secret-commands.ts')).runSecretCommand(rest, io);
    case 'backup':
      return (await import('./backup-commands.ts')).runBackup(rest, io);
    case 'restore':
      return (await import('./backup-commands.ts')).runRestore(rest, io);
    case 'import': {
      const { runImport } = await import('./import-command.ts');
      return runImport(rest, io);
    }
    case 'ics': {
      const [sub, ...icsArgs] = rest;
      if (sub !== 'inspect') {
        io.stderr('Usage: kairos ics inspect <file|https-url> --from <instant|date> --to <instant|date> [--tz <iana>] [--json]\n');
        return sub === '--help' ? 0 : 2;
      }
      const { icsInspect } = await import('./ics-inspect.ts');
      return icsInspect(icsArgs, io, { fetchFeed: fetchLikeTheServer });
    }
    default:
      io.stderr(`kairos: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

// `ics inspect <url>` fetches as the sync does: the same limits, allowed hosts and extra CA, and
// a failure reads as the connection's lastError would (message and hint), not as a log detail.
async function fetchLikeTheServer(url: string): Promise<{ ok: true; body: Uint8Array } | { ok: false; code: string; message: string }> {
  const [{ loadConfig }, { fetchFeedOnce }] = await Promise.all([import('../config.ts'), import('../calendar/fetch-feed.ts')]);
  const config = loadConfig();
  const result = await fetchFeedOnce(url, {
    maxBytes: config.KAIROS_FEED_MAX_BYTES,
    timeoutMs: config.KAIROS_FEED_TIMEOUT_MS,
    allowHosts: config.KAIROS_CALENDAR_ALLOW_HOSTS,
    ...(config.KAIROS_CALENDAR_CA_FILE && { caPem: readFileSync(config.KAIROS_CALENDAR_CA_FILE, 'utf8') }),
  });
  if (result.ok) return result;
  const messageKey = `feed.${result.code}.message`;
  const hintKey = `feed.${result.code}.hint`;
  if (!isMessageKey(messageKey)) return result;
  const message = translate('en', messageKey, { status: '?' });
  return { ok: false, code: result.code, message: isMessageKey(hintKey) ? `${message} ${translate('en', hintKey)}` : message };
}

// The one place that turns failures into exit codes and readable messages.
export async function runCli(argv: string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof AppError) {
      const key = `error.${error.code}.message`;
      io.stderr(`kairos: ${isMessageKey(key) ? translate('en', key, error.params) : error.code}\n`);
      return 1;
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`kairos: ${error.message}\n`);
      return 2;
    }
    // the module of an error below is loaded already when it threw one of its errors
    const [{ ConfigError }, { DataDirLockedError }, { DatabaseUnavailableError }] = await Promise.all([
      import('../config.ts'),
      import('../db/data-dir-lock.ts'),
      import('../db/database.ts'),
    ]);
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof DatabaseUnavailableError) {
      io.stderr(`kairos: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
