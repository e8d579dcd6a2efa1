import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { loadSecretKey, openConfiguredDatabase, secretKeySource } from '../runtime.ts';
import { inspectSecretKey, rotateSecretKey } from '../services/secret-key.ts';
import type { Io } from './main.ts';

const SECRET_HELP = `Usage: kairos secret check
       KAIROS_SECRET=<new> KAIROS_SECRET_PREVIOUS=<old> kairos secret rotate

check    Says whether KAIROS_SECRET (or, without it, the key in KAIROS_DATA_DIR/secret.key)
         opens every stored calendar link. Exit 0 when it does, 1 when some do not. Writes nothing.
rotate   Re-encrypts every calendar link sealed with KAIROS_SECRET_PREVIOUS under the current
         key, in one transaction; links already under the current key are left as they are, so
         running it again changes nothing. Then start Kairos with the new KAIROS_SECRET only.
         With PGlite, stop the server first.
`;

export async function runSecretCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { help: { type: 'boolean', short: 'h' } }, strict: true });
  if (sub === undefined || sub === '--help' || sub === '-h' || values.help) {
    io.stdout(SECRET_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'check' && sub !== 'rotate') {
    io.stderr(`kairos secret: unknown command "${sub}"\n\n${SECRET_HELP}`);
    return 2;
  }
  const config = loadConfig();
  const key = loadSecretKey(config);
  if (sub === 'rotate') {
    if (!config.KAIROS_SECRET_PREVIOUS) {
      io.stderr(
        'kairos secret rotate: set KAIROS_SECRET_PREVIOUS to the key the links are encrypted with now and KAIROS_SECRET to the new one (openssl rand -base64 32)\n',
      );
      return 2;
    }
    const previous = Buffer.from(config.KAIROS_SECRET_PREVIOUS, 'base64');
    if (previous.equals(key)) {
      io.stderr(
        'kairos secret rotate: KAIROS_SECRET_PREVIOUS is the same key as KAIROS_SECRET: set KAIROS_SECRET to the new key (openssl rand -base64 32)\n',
      );
      return 2;
    }
    const database = await openConfiguredDatabase(config);
    try {
      const result = await rotateSecretKey(database.db, { from: previous, to: key }, new Date());
      io.stdout(
        `Re-encrypted ${result.resealed} calendar links; ${result.already} were under the new key already` +
          `${result.missing > 0 ? `; ${result.missing} have no link (restored without secrets)` : ''}.\n`,
      );
      if (result.unreadable > 0) {
        io.stderr(
          `kairos secret rotate: neither KAIROS_SECRET nor KAIROS_SECRET_PREVIOUS opens ${result.unreadable} calendar links; their owners are asked to paste them again\n`,
        );
        return 1;
      }
      io.stdout('Start Kairos with the new KAIROS_SECRET now; KAIROS_SECRET_PREVIOUS is no longer needed.\n');
      return 0;
    } finally {
      await database.close();
    }
  }
  const database = await openConfiguredDatabase(config);
  try {
    const state = await inspectSecretKey(database.db, key, { repair: false, now: new Date() });
    const source = secretKeySource(config);
    const sealed = state.links - state.missing;
    const missing =
      state.missing > 0 ? ` ${state.missing} connections have no link (restored without secrets): their owners paste it again.` : '';
    if (!state.scanned) {
      io.stdout(`${source} is the key the calendar links are encrypted with.${missing}\n`);
      return 0;
    }
    if (state.unreadable === 0) {
      io.stdout(`${source} opens all ${sealed} calendar links.${missing}\n`);
      return 0;
    }
    io.stderr(
      `kairos secret check: ${source} does not open ${state.unreadable} of ${sealed} calendar links: start with the previous KAIROS_SECRET, or run KAIROS_SECRET=<new> KAIROS_SECRET_PREVIOUS=<old> kairos secret rotate.${missing}\n`,
    );
    return 1;
  } finally {
    await database.close();
  }
}
