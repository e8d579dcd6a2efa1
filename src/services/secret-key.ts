// KAIROS_SECRET seals every calendar link (AES-256-GCM) and keys their hashes. A key check value
// in `settings` tells at start whether the key is the one the links were sealed with, without
// opening every link; when it is not, each link is tried, those that do not open wait for their
// owner (status secret_changed) and the operator is told in one line. `rotate` re-seals every
// link under a new key while the old one is given, in one transaction.
import { linkHash } from '../calendar/link-hash.ts';
import { createSecretBox, keyCheck, opens } from '../calendar/secret-box.ts';
import {
  hasConnectionWithStatus,
  listSealedLinks,
  markLinksUnreadable,
  resealLink,
  reviveLinks,
  type SealedLink,
} from '../db/connections-repository.ts';
import type { Db } from '../db/database.ts';
import { readSetting, writeSetting } from '../db/settings-repository.ts';

const KEY_CHECK = 'key_check';
const PAGE = 500;

export type KeyState = {
  /** true: the stored check value is this key's; false: another key's; null: none stored yet */
  keyMatches: boolean | null;
  /** false when the check value matched and no link was waiting: nothing was opened */
  scanned: boolean;
  links: number;
  /** sealed links this key cannot open */
  unreadable: number;
  /** connections restored from a backup without their links */
  missing: number;
  /** links that were waiting (secret_changed) and open again */
  revived: number;
};

async function forEachPage(db: Db, visit: (rows: SealedLink[]) => Promise<void>): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows = await listSealedLinks(db, after, PAGE);
    if (rows.length === 0) return;
    await visit(rows);
    after = rows.at(-1)!.id;
    if (rows.length < PAGE) return;
  }
}

/**
 * At start (`repair`: serve, worker) and for `kairos secret check` (no writes). The check value is
 * (re)written only when this key opens every sealed link, or when none was stored and it opens some:
 * a wrong key never becomes "the" key, so every start keeps saying so until it is fixed.
 */
export async function inspectSecretKey(db: Db, key: Uint8Array, options: { repair: boolean; now: Date }): Promise<KeyState> {
  const stored = await readSetting(db, KEY_CHECK);
  const current = keyCheck(key);
  const keyMatches = stored === null ? null : stored === current;
  const state: KeyState = { keyMatches, scanned: false, links: 0, unreadable: 0, missing: 0, revived: 0 };
  if (keyMatches === true && !(await hasConnectionWithStatus(db, 'secret_changed'))) return state;
  state.scanned = true;
  const box = createSecretBox(key);
  await forEachPage(db, async (rows) => {
    const unreadable: string[] = [];
    const revived: string[] = [];
    for (const row of rows) {
      state.links += 1;
      if (row.urlCiphertext === '') state.missing += 1;
      else if (!opens(box, row.urlCiphertext)) {
        state.unreadable += 1;
        if (row.status !== 'secret_changed') unreadable.push(row.id);
      } else if (row.status === 'secret_changed') revived.push(row.id);
    }
    state.revived += revived.length;
    if (options.repair) {
      await markLinksUnreadable(db, unreadable, 'secret_changed');
      await reviveLinks(db, revived, options.now);
    }
  });
  const sealed = state.links - state.missing;
  if (options.repair && stored !== current && (state.unreadable === 0 || (stored === null && state.unreadable < sealed))) {
    await writeSetting(db, KEY_CHECK, current, options.now);
  }
  return state;
}

export type RotationResult = { links: number; resealed: number; already: number; unreadable: number; missing: number };

/**
 * Re-seals every link sealed with `from` under `to` and recomputes its hash, in one transaction;
 * links `to` opens already are left as they are, so a second run changes nothing. Links neither
 * key opens wait for their owner (secret_changed); those that open again are revived.
 */
export async function rotateSecretKey(db: Db, keys: { from: Uint8Array; to: Uint8Array }, now: Date): Promise<RotationResult> {
  const from = createSecretBox(keys.from);
  const to = createSecretBox(keys.to);
  const result: RotationResult = { links: 0, resealed: 0, already: 0, unreadable: 0, missing: 0 };
  await db.transaction(async (tx) => {
    await forEachPage(tx, async (rows) => {
      const unreadable: string[] = [];
      const revived: string[] = [];
      for (const row of rows) {
        result.links += 1;
        if (row.urlCiphertext === '') {
          result.missing += 1;
          continue;
        }
        if (opens(to, row.urlCiphertext)) result.already += 1;
        else if (opens(from, row.urlCiphertext)) {
          const url = from.open(row.urlCiphertext);
          await resealLink(tx, row.id, to.seal(url), row.linkHash === null ? null : linkHash(keys.to, url));
          result.resealed += 1;
        } else {
          result.unreadable += 1;
          if (row.status !== 'secret_changed') unreadable.push(row.id);
          continue;
        }
        if (row.status === 'secret_changed') revived.push(row.id);
      }
      await markLinksUnreadable(tx, unreadable, 'secret_changed');
      await reviveLinks(tx, revived, now);
    });
    if (result.unreadable === 0 || result.resealed + result.already > 0) await writeSetting(tx, KEY_CHECK, keyCheck(keys.to), now);
  });
  return result;
}

/** The one line `serve` and `worker` print when links do not open with this key (null: all fine). */
export function keyWarning(state: KeyState, keySource: string): string | null {
  if (state.unreadable === 0) return null;
  return (
    `kairos: ${keySource} is not the key that encrypted ${state.unreadable} of ${state.links - state.missing} calendar links; ` +
    'their owners are asked to paste them again. Start with the previous KAIROS_SECRET, or re-encrypt them: ' +
    'KAIROS_SECRET=<new> KAIROS_SECRET_PREVIOUS=<old> kairos secret rotate (README: "Rotating KAIROS_SECRET")'
  );
}

/** serve and worker at start: repairs what the key state needs and answers the line to print, if any. */
export async function checkKeyAtStart(db: Db, key: Uint8Array, keySource: string): Promise<string | null> {
  return keyWarning(await inspectSecretKey(db, key, { repair: true, now: new Date() }), keySource);
}
