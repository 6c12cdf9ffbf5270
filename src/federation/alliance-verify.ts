import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { leafHash, rangeHashFromLeaves, rootHash, toBase64, type Hash } from '../core/merkle.js';
import {
  checkpointText,
  noteKeyId,
  parseNote,
  verifyCosignatureBytes,
  COSIGNATURE_ED25519,
} from '../core/signed-note.js';
import type { Store } from '../store/database.js';
import type { AllianceLog } from './alliance-log.js';
import { allianceLeafData, witnessName } from './alliance-tlog.js';
import type { FederationTables } from './repository.js';
import * as t from './tlog-repository.js';
import { AllianceWitnessStateSchema, type AllianceWitnessState } from './witness-state.js';
import { loadDataFile } from '../core/data-file.js';

export interface AllianceFinding {
  ok: boolean;
  warn?: boolean;
  message: string;
  evidence?: string[];
}

/** The alliance witness's state files in a witness folder (read before the node is opened). */
export function readAllianceWitnessStates(
  witnessDir: string,
): { source: string; state: AllianceWitnessState }[] {
  if (!existsSync(witnessDir)) return [];
  return readdirSync(witnessDir)
    .filter((n) => /^alliance-.*\.json$/.test(n))
    .sort()
    .map((f) => ({
      source: join(witnessDir, f),
      state: loadDataFile(join(witnessDir, f), AllianceWitnessStateSchema),
    }));
}

interface Held {
  size: number;
  rootHash: string;
  note: string;
  source: string;
}

/**
 * `tahaluf verify` on a federated node's copy of the alliance log: the signatures and running hash
 * (`verifyLog`), then the Merkle tree rebuilt from the stored messages themselves (never from
 * `alliance_tree`) against every checkpoint held: what this node's witness cosigned (state files outside
 * the database) and what other members' nodes cosigned (each cosignature verified with that member's
 * key). A missing message, a truncation, an edited or re-signed message, a fork are named with the
 * checkpoint that shows it; inconsistent checkpoints this node has seen are reported with both notes.
 */
export async function checkAllianceCopy(
  alliance: AllianceLog,
  store: Store,
  witnessStates: { source: string; state: AllianceWitnessState }[],
  subjectPrefix: string,
): Promise<AllianceFinding[]> {
  const out: AllianceFinding[] = [];
  const { checked, problems } = await alliance.verifyLog();
  for (const p of problems) out.push({ ok: false, message: `alliance log BROKEN ${p}` });
  if (!problems.length)
    out.push({
      ok: true,
      message: `alliance log: ${checked} applied acts, each signed by a key registered to its actor, running hash verified`,
    });

  const db = store.db.withTables<FederationTables & t.AllianceTlogTables>();
  const leaves: Hash[] = [];
  let gap: number | null = null;
  for (let page = 0; page < 1_000_000; page++) {
    const rows = await t.leafRows(db, leaves.length, 2000);
    if (!rows.length) break;
    for (const r of rows) {
      if (Number(r.stream_seq) !== leaves.length + 1) {
        gap ??= leaves.length + 1;
        break;
      }
      leaves.push(leafHash(allianceLeafData(r, subjectPrefix)));
    }
    if (gap !== null) break;
  }
  const size = leaves.length;
  const hasher = rangeHashFromLeaves(leaves);
  const rootAt = (n: number) => toBase64(rootHash(n, hasher));
  if (gap !== null)
    out.push({
      ok: false,
      message: `alliance log BROKEN: stream message #${gap} is missing (the copy holds messages after it): a message was removed`,
    });

  const origin = alliance.tlog.origin;
  const held: Held[] = [];
  for (const { source, state } of witnessStates) {
    if (state.origin !== origin) continue;
    for (const c of state.cosigned)
      held.push({
        size: c.size,
        rootHash: c.rootHash,
        note: c.note,
        source: `witness state ${source}`,
      });
  }
  // Other members' cosignatures, each checked with that member's key (a forged row proves nothing).
  const keys = await db.selectFrom('alliance_keys').selectAll().execute();
  for (const c of await db.selectFrom('alliance_cosignatures').selectAll().execute()) {
    if (c.witness === alliance.nodeActor) continue;
    const text = checkpointText({ origin, size: Number(c.size), rootHash: c.root_hash });
    const note = `${text}\n${c.line}`;
    const sig = parseNote(note).signatures[0];
    const verified = keys
      .filter((k) => k.actor === c.witness)
      .some((k) => {
        const key = {
          name: witnessName(c.witness),
          publicKeyPem: k.public_key,
          type: COSIGNATURE_ED25519,
        } as const;
        return (
          noteKeyId(key) === sig.keyId && verifyCosignatureBytes(text, key, sig.signature) !== null
        );
      });
    if (verified)
      held.push({
        size: Number(c.size),
        rootHash: c.root_hash,
        note,
        source: `cosignature of ${c.witness}'s node`,
      });
  }
  held.sort((a, b) => a.size - b.size);

  // Two signed checkpoints of one size with different roots: a fork, whoever is right.
  const bySize = new Map<number, Held>();
  for (const h of held) {
    const other = bySize.get(h.size);
    if (other && other.rootHash !== h.rootHash)
      out.push({
        ok: false,
        message: `alliance log FORK: two signed checkpoints of size ${h.size} with different roots (${other.source}; ${h.source})`,
        evidence: [other.note, h.note],
      });
    else bySize.set(h.size, h);
  }

  let lastGood = 0;
  let failed = false;
  for (const h of held) {
    if (h.size > size) {
      failed = true;
      out.push({
        ok: false,
        message: `alliance log TRUNCATED: this copy holds ${size} messages, but the checkpoint of size ${h.size} (${h.source}) shows more: message #${size + 1} is missing${lastGood ? `; the copy still matches the checkpoint of size ${lastGood}` : ''}`,
        evidence: [h.note],
      });
      break;
    }
    if (rootAt(h.size) !== h.rootHash) {
      failed = true;
      out.push({
        ok: false,
        message: `alliance log REWRITTEN: its first ${h.size} messages hash to root ${rootAt(h.size)}, but the checkpoint of size ${h.size} (${h.source}) has root ${h.rootHash}; the last checkpoint it still matches has size ${lastGood}, so messages #${lastGood + 1}..#${h.size} were altered, removed or reordered`,
        evidence: [h.note],
      });
      break;
    }
    lastGood = h.size;
  }
  if (!held.length)
    out.push({
      ok: true,
      warn: true,
      message: `alliance log: no checkpoint held to compare the tree of ${size} messages with (no witness state, no cosignatures)`,
    });
  else if (!failed)
    out.push({
      ok: true,
      message: `alliance log: the tree of ${size} messages rebuilt from the stored messages matches ${held.length} held checkpoint(s) (last of size ${lastGood}, root ${rootAt(lastGood)})`,
    });

  for (const { state, source } of witnessStates)
    for (const i of state.inconsistencies)
      out.push({
        ok: false,
        message: `alliance log ${i.kind.toUpperCase()}: this node's witness refused a checkpoint (${source}): ${i.reason}`,
        evidence: [i.held, i.offered],
      });
  for (const e of await alliance.tlog.evidence())
    if (!witnessStates.some((w) => w.state.inconsistencies.some((i) => i.held === e.held)))
      out.push({
        ok: false,
        message: `alliance log: inconsistent signed checkpoints seen (${e.kind}, ${e.witness}, size ${e.size}): ${e.reason}`,
        evidence: [e.held, e.offered],
      });
  return out;
}
