import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordTables } from '../record/migrations.js';
import { pinFilePath, readPins } from '../record/pins.js';
import { checkAgainstHeld, custodyCounts, type HeldCheckpoint } from '../record/tamper-check.js';
import type { TlogTables } from '../record/tlog-tables.js';
import { verifyChain } from '../record/verify.js';
import { RecordViews, verifyViews } from '../record/views.js';
import type { WitnessLogState } from '../record/witness.js';
import type { Deps, TahalufModule } from '../runtime/deps.js';
import { checkAllianceCopy, readAllianceWitnessStates } from '../federation/alliance-verify.js';
import { lifecycleFor } from '../registry/lifecycle-recorder.js';

export interface VerifyNodeOptions {
  /** Data folder of the node (pins and witness state are read from here unless given). */
  dataDir: string;
  /** Pinned public keys; default `<data>/pins/keys.json`. */
  pinsFile?: string;
  /** Extra checkpoints (signed notes) held elsewhere, e.g. fetched from another member's witness. */
  checkpointFiles?: string[];
  /** Witness state folder; default `<data>/witness`. */
  witnessDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface VerifyLine {
  ok: boolean;
  /** A check that could not be made (nothing held to compare with): shown, not a failure. */
  warn?: boolean;
  /** `record`, `transparency`, or a module's name. */
  area: string;
  message: string;
  evidence?: string[];
}

/** Reads what is held outside the database: read before the node is opened. */
function readHeld(opts: VerifyNodeOptions) {
  const pinsFile = opts.pinsFile ?? pinFilePath(opts.dataDir);
  const pins = readPins(pinsFile);
  const witnessDir = opts.witnessDir ?? join(opts.dataDir, 'witness');
  const witnessStates: { source: string; state: WitnessLogState }[] = [];
  if (existsSync(witnessDir))
    for (const f of readdirSync(witnessDir)
      .filter((n) => /^log-.*\.json$/.test(n))
      .sort()) {
      const source = join(witnessDir, f);
      witnessStates.push({
        source,
        state: JSON.parse(readFileSync(source, 'utf8')) as WitnessLogState,
      });
    }
  const checkpoints: HeldCheckpoint[] = [
    ...witnessStates.flatMap(({ source, state }) =>
      state.cosigned.map((c) => ({ note: c.note, source: `witness state ${source}` })),
    ),
    ...(opts.checkpointFiles ?? []).map((f) => ({ note: readFileSync(f, 'utf8'), source: f })),
  ];
  return {
    pins,
    pinsFile,
    witnessStates,
    checkpoints,
    allianceWitness: readAllianceWitnessStates(witnessDir),
  };
}

/**
 * `tahaluf verify`: the chain (hashes, links, signatures by keys pinned outside the database), the
 * transparency log (the tree rebuilt from the acts against checkpoints held outside the database:
 * truncation, rewrites, forks), then each module's replay of its procedures against its projections.
 */
export async function verifyNode(
  openNode: () => Promise<Deps & { close(): Promise<void>; modules: TahalufModule[] }>,
  opts: VerifyNodeOptions,
): Promise<{ ok: boolean; acts: number; lines: VerifyLine[] }> {
  const held = readHeld(opts);
  const node = await openNode();
  const lines: VerifyLine[] = [];
  let acts: number;
  try {
    const db = node.store.db.withTables<RecordTables & TlogTables>();
    let pinned: { keys: Map<string, { actor: string; pem: string }>; source: string } | undefined;
    if (held.pins) {
      const keys = new Map(
        held.pins.identities.map((p) => [p.keyId, { actor: p.actor, pem: p.publicKey }]),
      );
      // Actors with no pin at all (new since the last checkpoint) are trusted on first use; an
      // actor that is pinned is verified with its pinned keys only.
      const pinnedActors = new Set(held.pins.identities.map((p) => p.actor));
      for (const id of await db.selectFrom('identities').selectAll().execute())
        if (!pinnedActors.has(id.actor))
          keys.set(id.key_id, { actor: id.actor, pem: id.public_key });
      pinned = { keys, source: held.pinsFile };
    }
    const chain = await verifyChain(
      node.store.db.withTables<RecordTables>(),
      opts.onProgress,
      pinned,
    );
    acts = chain.acts;
    if (chain.ok)
      lines.push({
        ok: true,
        area: 'record',
        message: `${chain.acts} acts, chain and signatures verified${pinned ? ` against the keys pinned in ${held.pinsFile}` : ' (keys from the database itself)'}`,
      });
    else {
      const b = chain.firstBroken!;
      lines.push({
        ok: false,
        area: 'record',
        message: `record BROKEN at act #${b.seq} (${b.id}): ${b.reason}`,
      });
    }
    // The views served to everyone but the secretariat (#19.2): each numbered and chained on its own.
    const viewKeys =
      pinned?.keys ??
      new Map(
        (await db.selectFrom('identities').selectAll().execute()).map((k) => [
          k.key_id,
          { actor: k.actor, pem: k.public_key },
        ]),
      );
    const views = await verifyViews(
      new RecordViews(
        node.store,
        node.keyring,
        node.modules.flatMap((m) => m.privateActPrefixes ?? []),
      ),
      node.store.db.withTables<RecordTables>(),
      viewKeys,
    );
    lines.push(
      views.ok
        ? {
            ok: true,
            warn: views.unsigned > 0,
            area: 'record',
            message: `views of the record (public and each member's own private acts, ${views.views} views): every act in the view its type decides, in order, each view's numbering and chain whole, ${views.entries - views.unsigned} position-free signatures verified${views.unsigned ? `; ${views.unsigned} acts older than views carry none (their key is not held here), verifiable in the full record only` : ''}`,
          }
        : {
            ok: false,
            area: 'record',
            message: `record views BROKEN at act #${views.firstBroken!.seq} (${views.firstBroken!.id}): ${views.firstBroken!.reason}`,
          },
    );
    // What a signature proves depends on who held the key: say it with the result.
    const custody = await custodyCounts(node.store.db.withTables<RecordTables>());
    const count = (c: string | null) => custody.find((x) => x.custody === c)?.acts ?? 0;
    lines.push({
      ok: true,
      warn: count('secretariat-custody') > 0 || count(null) > 0,
      area: 'custody',
      message: `acts by key custody: ${count('member-node')} signed on the actor's own node, ${count('secretariat-custody')} signed by the secretariat on a member's behalf (the signature shows the secretariat's node signed, not the member), ${count('illustrative')} by the illustrative identity (replays and demo data)${count(null) ? `, ${count(null)} with custody not recorded` : ''}`,
    });
    for (const f of await checkAgainstHeld(db, { ...held, pinsSource: held.pinsFile }))
      lines.push({
        ok: f.ok,
        warn: f.warn,
        area: 'transparency',
        message: f.message,
        evidence: f.evidence,
      });
    if (node.alliance)
      for (const f of await checkAllianceCopy(
        node.alliance,
        node.store,
        held.allianceWitness,
        node.alliance.config.subjectPrefix,
      ))
        lines.push({ ...f, area: 'alliance' });
    if (node.alliance) {
      // The registry's life-cycle acts replayed from the alliance log against the stored projection.
      const lc = await lifecycleFor(node).verifyAgainstLog();
      if (lc.problems.length)
        for (const message of lc.problems) lines.push({ ok: false, area: 'registry', message });
      else
        lines.push({
          ok: true,
          area: 'registry',
          message: `${lc.acts} life-cycle acts on the alliance log replayed: registry_lifecycle_projection matches`,
        });
    }
    for (const m of node.modules) {
      if (!m.verify) continue;
      // A module whose check cannot finish on this copy (a payload that no longer fits its schema, say)
      // is a failed check, reported under its name; the other modules are still checked.
      try {
        for (const f of await m.verify(node))
          lines.push({ ok: f.ok, area: f.module, message: f.message });
      } catch (e) {
        lines.push({
          ok: false,
          area: m.name,
          message: `cannot be checked: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
  } finally {
    await node.close();
  }
  return { ok: lines.every((l) => l.ok), acts, lines };
}
