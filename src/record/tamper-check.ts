import { messageOf } from '../core/errors.js';
import type { Kysely } from 'kysely';
import { toBase64 } from '../core/merkle.js';
import {
  checkNoteSignature,
  noteKeyId,
  parseCheckpointText,
  parseNote,
  COSIGNATURE_ED25519,
  NOTE_ED25519,
  type Note,
} from '../core/signed-note.js';
import type { RecordTables } from './migrations.js';
import type { PinFile } from './pins.js';
import type { TlogTables } from './tlog-tables.js';
import { TreeFrontier } from '../core/merkle-tree.js';
import {
  actLeafHash,
  logViewOfOrigin,
  publicEntryLeafHash,
  viewEntries,
} from './transparency-log.js';
import { PUBLIC_VIEW } from './views.js';
import type { WitnessLogState } from './witness.js';

/** A checkpoint held outside the database being verified, and where it was found. */
export interface HeldCheckpoint {
  note: string;
  source: string;
}

export interface TamperFinding {
  ok: boolean;
  /** Not a contradiction, but a check that could not be made (nothing held to compare with). */
  warn?: boolean;
  message: string;
  /** Signed notes that prove the finding (two inconsistent checkpoints, …). */
  evidence?: string[];
}

interface ReadCheckpoint extends HeldCheckpoint {
  origin: string;
  size: number;
  rootHash: string;
  cosigners: string[];
}

/** Names of the pinned witnesses whose cosignature on the note verifies. */
function cosignersOf(note: Note, pins: PinFile | null): string[] {
  return (pins?.witnesses ?? [])
    .filter(
      (w) =>
        checkNoteSignature(note, {
          name: w.name,
          publicKeyPem: w.publicKey,
          type: COSIGNATURE_ED25519,
        }) === true,
    )
    .map((w) => w.name);
}

/**
 * Checks the record in `db` against what is held outside it: identities against pinned keys, and the
 * Merkle tree rebuilt from the acts themselves (never from the stored tree) against every held
 * checkpoint: fewer acts than a checkpoint is a truncation, another root a rewrite (located between the
 * last checkpoint that still matches and the first that does not); two signed checkpoints of the same
 * log that disagree are a fork, shown with both notes. Contradictions a witness refused are reported.
 */
export async function checkAgainstHeld(
  db: Kysely<RecordTables & TlogTables>,
  held: {
    pins: PinFile | null;
    pinsSource: string;
    checkpoints: HeldCheckpoint[];
    witnessStates: { source: string; state: WitnessLogState }[];
  },
): Promise<TamperFinding[]> {
  const findings: TamperFinding[] = [];
  const { pins } = held;

  // 1. Keys: every identity in the database against the pins.
  if (!pins)
    findings.push({
      ok: true,
      warn: true,
      message: `no pinned keys (${held.pinsSource} is missing): signatures can only be checked against keys in the database being verified, which a rewrite would replace; give --pins FILE`,
    });
  else {
    const pinnedIds = new Set(pins.identities.map((p) => p.keyId));
    for (const id of await db.selectFrom('identities').selectAll().orderBy('actor').execute())
      if (!pinnedIds.has(id.key_id)) {
        const pinnedOfActor = pins.identities.filter((p) => p.actor === id.actor);
        findings.push(
          pinnedOfActor.length
            ? {
                ok: false,
                message: `identity ${id.key_id} of ${id.actor} in the database is not pinned in ${held.pinsSource} (pinned: ${pinnedOfActor.map((p) => p.keyId).join(', ')}): the actor's keys were replaced`,
              }
            : {
                ok: true,
                warn: true,
                message: `identity ${id.key_id} of ${id.actor} is not pinned yet in ${held.pinsSource} (a new actor: pinned at the node's next checkpoint, trusted on first use until then)`,
              },
        );
      }
  }

  // 2. Checkpoints held outside: signature by the pinned log key, then against the rebuilt tree.
  const readable: ReadCheckpoint[] = [];
  for (const h of held.checkpoints) {
    let note: Note;
    let cp: ReturnType<typeof parseCheckpointText>;
    try {
      note = parseNote(h.note);
      cp = parseCheckpointText(note.text);
    } catch (err) {
      findings.push({
        ok: false,
        message: `checkpoint in ${h.source} is malformed: ${messageOf(err)}`,
      });
      continue;
    }
    const logPin = pins?.logs.find((l) => l.origin === cp.origin);
    if (logPin) {
      const logKey = {
        name: cp.origin,
        publicKeyPem: logPin.publicKey,
        type: NOTE_ED25519,
      } as const;
      if (checkNoteSignature(note, logKey) !== true) {
        findings.push({
          ok: false,
          message: `checkpoint of ${cp.origin} at size ${cp.size} in ${h.source} is not signed by the pinned log key ${noteKeyId(logKey)}`,
          evidence: [h.note],
        });
        continue;
      }
    }
    readable.push({ ...h, ...cp, cosigners: cosignersOf(note, pins) });
  }
  readable.sort((a, b) => a.size - b.size);

  // Equivocation: two signed checkpoints of one log, same size, different roots.
  for (let i = 1; i < readable.length; i += 1) {
    const [a, b] = [readable[i - 1], readable[i]];
    if (a.origin === b.origin && a.size === b.size && a.rootHash !== b.rootHash)
      findings.push({
        ok: false,
        message: `FORK: two signed checkpoints of ${a.origin} at size ${a.size} disagree (root ${a.rootHash} in ${a.source}, root ${b.rootHash} in ${b.source}): the log showed two histories`,
        evidence: [a.note, b.note],
      });
  }

  // Each held checkpoint against the tree rebuilt from what its log is over: the full record's acts,
  // or the public view's entries (the log the public receives, #19.2).
  const rebuildFull = async (wanted: Set<number>) => {
    const frontier = new TreeFrontier(0);
    const rootsAt = new Map<number, string>();
    if (wanted.has(0)) rootsAt.set(0, toBase64(frontier.root()));
    for (let after = 0; ;) {
      const rows = await db
        .selectFrom('record_acts')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(2000)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        frontier.push(actLeafHash(row));
        if (wanted.has(frontier.size)) rootsAt.set(frontier.size, toBase64(frontier.root()));
      }
      after = Number(rows[rows.length - 1].seq);
    }
    return { leaves: frontier.size, rootsAt };
  };
  const rebuildView = async (view: string, wanted: Set<number>) => {
    const frontier = new TreeFrontier(0);
    const rootsAt = new Map<number, string>();
    if (wanted.has(0)) rootsAt.set(0, toBase64(frontier.root()));
    for (let after = 0; ;) {
      const rows = await viewEntries(db, view, after, 2000);
      if (rows.length === 0) break;
      for (const row of rows) {
        frontier.push(publicEntryLeafHash(row));
        if (wanted.has(frontier.size)) rootsAt.set(frontier.size, toBase64(frontier.root()));
      }
      after = Number(rows[rows.length - 1].vseq);
    }
    return { leaves: frontier.size, rootsAt };
  };

  // One log at a time: the full record's, the public view's, each own view's (#19.2).
  const rank = (v: string) => (v === 'full' ? 0 : v === PUBLIC_VIEW ? 1 : 2);
  const logs = [...new Set(readable.map((c) => logViewOfOrigin(c.origin)))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  for (const logView of logs) {
    const held = readable.filter((c) => logViewOfOrigin(c.origin) === logView);
    const publicLog = logView !== 'full';
    const wanted = new Set(held.map((c) => c.size));
    const { leaves: acts, rootsAt } = publicLog
      ? await rebuildView(logView, wanted)
      : await rebuildFull(wanted);
    const what =
      logView === 'full'
        ? 'record'
        : logView === PUBLIC_VIEW
          ? 'public view of the record'
          : `view ${logView} of the record`;
    const items = publicLog ? `${logView === PUBLIC_VIEW ? 'public ' : ''}entries` : 'acts';
    let lastMatching = 0;
    for (const cp of held) {
      const cosigned = cp.cosigners.length ? `, cosigned by ${cp.cosigners.join(', ')}` : '';
      if (cp.size > acts) {
        findings.push({
          ok: false,
          message: `${what} TRUNCATED: it holds ${acts} ${items}, but the checkpoint of size ${cp.size} (root ${cp.rootHash}${cosigned}) held in ${cp.source} commits to ${cp.size}: ${publicLog ? 'entr' : 'act'}${cp.size - acts > 1 ? `${publicLog ? 'ies' : 's'} #${acts + 1}..#${cp.size} are` : `${publicLog ? 'y' : ''} #${cp.size} is`} missing${lastMatching ? ` (the ${what} still matches the held checkpoint of size ${lastMatching}: the change lies after ${publicLog ? 'entry' : 'act'} #${lastMatching})` : ''}`,
          evidence: [cp.note],
        });
        continue;
      }
      const rebuilt = rootsAt.get(cp.size);
      if (rebuilt !== cp.rootHash)
        findings.push({
          ok: false,
          message: `${what} REWRITTEN: its first ${cp.size} ${items} hash to root ${rebuilt}, but the checkpoint of size ${cp.size} held in ${cp.source}${cosigned} has root ${cp.rootHash}; the last held checkpoint it still matches has size ${lastMatching}, so ${items} #${lastMatching + 1}..#${cp.size} were altered, removed or reordered`,
          evidence: [cp.note],
        });
      else {
        lastMatching = Math.max(lastMatching, cp.size);
        findings.push({
          ok: true,
          message: `checkpoint of size ${cp.size} held in ${cp.source}${cosigned}: the ${what}'s first ${cp.size} ${items} match its root`,
        });
      }
    }
  }
  if (readable.length === 0)
    findings.push({
      ok: true,
      warn: true,
      message:
        'no checkpoint held outside the database: truncation or a rewrite of the record cannot be detected (start the node once so its witness cosigns one, or give --checkpoint FILE)',
    });

  // 3. What witnesses refused.
  for (const { source, state } of held.witnessStates)
    for (const x of state.inconsistencies)
      findings.push({
        ok: false,
        message: `witness state ${source}: on ${x.at} a checkpoint of ${state.origin} was refused: ${x.reason}`,
        evidence: [x.held, x.offered],
      });
  return findings;
}

/** How many acts were signed under each key custody (null: custody not recorded for that key). */
export async function custodyCounts(
  db: Kysely<RecordTables>,
): Promise<{ custody: string | null; acts: number }[]> {
  const perKey = await db
    .selectFrom('record_acts')
    .select(['key_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('key_id')
    .execute();
  const custody = new Map(
    (await db.selectFrom('identities').select(['key_id', 'custody']).execute()).map((r) => [
      r.key_id,
      r.custody,
    ]),
  );
  const totals = new Map<string | null, number>();
  for (const row of perKey) {
    const c = custody.get(row.key_id) ?? null;
    totals.set(c, (totals.get(c) ?? 0) + Number(row.n));
  }
  return [...totals].map(([c, acts]) => ({ custody: c, acts }));
}
