import { messageOf } from '../core/errors.js';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, verifyEd25519 } from '../core/crypto.js';
import { asDepicted, hashedFields, type Act } from '../record/model.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import type { CouncilService } from './council-service.js';
import { isActOf } from '../record/act-catalogue.js';
import { getProcedureRow, type CouncilTables } from './repository.js';
import { ACT, replayProcedure } from './procedure-engine.js';

const MODULE = 'council';

/** Why a stored act fails its own integrity (bytes, hash, signature), or null when it holds. */
export function actIntegrity(
  act: Act,
  rawPayload: string,
  keys: Map<string, { actor: string; pem: string }>,
): string | null {
  if (act.payload && typeof act.payload === 'object' && '__unparseable__' in act.payload)
    return 'stored payload is not valid JSON (altered)';
  if (canonicalJson(act.payload) !== rawPayload)
    return 'stored payload bytes differ from their canonical form (altered)';
  if (sha256Hex(canonicalJson(hashedFields(act))) !== act.hash)
    return 'hash does not match the act’s contents (altered)';
  const key = keys.get(act.keyId);
  if (!key || key.actor !== act.actor) return `not signed by a registered key of ${act.actor}`;
  if (!verifyEd25519(key.pem, act.hash, act.signature))
    return `signature of ${act.actor} does not verify`;
  return null;
}

/**
 * Replays every council procedure from the record: each act's signature, each act re-checked against
 * the charter as it was taken, and each stored outcome recomputed and compared.
 */
export async function verifyCouncil(
  deps: Deps,
  service: CouncilService,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyFinding[]> {
  // The record is read through its own API (storedActs: each act with its payload's stored bytes).
  const keys = await deps.record.verificationKeys();
  const stored = await deps.record.storedActs({ typePrefix: 'council.' });
  const councilDb = deps.store.db.withTables<CouncilTables>();
  const findings: VerifyFinding[] = [];
  const bySubject = new Map<string, { act: Act; raw: string; federated?: boolean }[]>();
  for (const { act, rawPayload } of stored) {
    const bad = actIntegrity(act, rawPayload, keys);
    if (bad)
      findings.push({
        module: MODULE,
        ok: false,
        actId: act.id,
        message: `act ${act.id} (#${act.seq}, ${act.type} by ${act.actor}): ${bad}`,
      });
    const list = bySubject.get(act.subject ?? '') ?? [];
    list.push({ act, raw: rawPayload });
    bySubject.set(act.subject ?? '', list);
  }
  // A federated node's procedures are on the alliance log (their signatures are checked by the alliance
  // log's verification): replayed here too, in stream order, against the same projections.
  const federatedActs: Act[] =
    (await deps.alliance?.appliedActs('council.'))?.map((a) => ({
      ...a,
      prevHash: '',
      hash: '',
      signature: '',
    })) ?? [];
  for (const act of federatedActs) {
    const list = bySubject.get(act.subject ?? '') ?? [];
    list.push({ act, raw: canonicalJson(act.payload), federated: true });
    bySubject.set(act.subject ?? '', list);
  }
  // Closed consultations, from the act that opened each (a closing act on the alliance log names only its
  // procedure; the local record's also repeats the charter and matter).
  const closedConsultations = [...bySubject.entries()].flatMap(([id, entries]) => {
    const open = entries[0]?.act;
    const closed = entries.find((e) => e.act.type === ACT.closed)?.act;
    if (!open || !isActOf(open, ACT.opened) || !closed) return [];
    const p = open.payload;
    if (p.kind !== 'consultation') return [];
    return [
      {
        charterId: p.charterId,
        procedureId: id,
        matter: p.matter,
        closedAt: closed.at,
        closedSeq: closed.seq,
      },
    ];
  });
  const procedures = [...bySubject.entries()].filter(
    ([, acts]) => acts[0]?.act.type === ACT.opened,
  );
  let done = 0;
  for (const [id, entries] of procedures) {
    done += 1;
    onProgress?.(done, procedures.length);
    const opening = entries[0].act;
    if (!isActOf(opening, ACT.opened)) {
      findings.push({
        module: MODULE,
        ok: false,
        actId: opening.id,
        message: `procedure ${id}: the act that opens it (#${opening.seq}) has a payload that does not fit the ${ACT.opened} schema`,
      });
      continue;
    }
    const open = opening.payload;
    const charter = service.charters.get(open.charterId);
    if (!charter) {
      findings.push({
        module: MODULE,
        ok: false,
        actId: entries[0].act.id,
        message: `procedure ${id}: unknown charter '${open.charterId}'`,
      });
      continue;
    }
    const ctx = service.contextWith(
      charter,
      closedConsultations.filter((c) => c.charterId === charter.id),
    );
    let replay;
    try {
      replay = replayProcedure(
        ctx,
        entries.map((e) => asDepicted(e.act)),
      );
    } catch (e) {
      findings.push({
        module: MODULE,
        ok: false,
        actId: entries[0].act.id,
        message: `procedure ${id}: cannot replay: ${messageOf(e)}`,
      });
      continue;
    }
    for (const a of replay.anomalies)
      findings.push({
        module: MODULE,
        ok: false,
        actId: a.actId,
        message: `procedure ${id}: act ${a.actId} breaks the charter: ${a.reason}`,
      });
    const closing = entries.find((e) => e.act.type === ACT.closed)?.act;
    const stored =
      closing && isActOf(closing, ACT.closed) ? (closing.payload.outcome ?? null) : null;
    const recomputed = replay.state.outcome;
    // On the alliance log every node recomputes the outcome at the closing act; the closer's is not trusted.
    const federated = entries[0].federated === true;
    if (!federated && canonicalJson(stored) !== canonicalJson(recomputed)) {
      findings.push({
        module: MODULE,
        ok: false,
        actId: closing?.id,
        message: `procedure ${id}: stored outcome differs from the outcome recomputed from the record (${recomputed?.status ?? 'none'})`,
      });
      continue;
    }
    const row = await getProcedureRow(councilDb, id);
    // The projection's own fields (what the API and console show) against the act that opened it.
    const edited = row
      ? (
          [
            ['title', row.title, open.title],
            ['charter', row.charter_id, open.charterId],
            ['opened by', row.opened_by, replay.state.openedBy],
          ] as const
        ).filter(([, stored, recorded]) => stored !== recorded)
      : [];
    if (edited.length) {
      findings.push({
        module: MODULE,
        ok: false,
        actId: entries[0].act.id,
        message: `procedure ${id}: projection edited: ${edited.map(([field, stored, recorded]) => `${field} is '${stored}' in council_procedures but '${recorded}' in act ${entries[0].act.id}`).join('; ')}`,
      });
      continue;
    }
    const projected = row?.outcome ? canonicalJson(JSON.parse(row.outcome)) : 'null';
    if (!row || row.status !== replay.state.status || projected !== canonicalJson(recomputed)) {
      findings.push({
        module: MODULE,
        ok: false,
        message: `procedure ${id}: projection table disagrees with the record (status ${row?.status ?? 'missing'})`,
      });
      continue;
    }
    findings.push({
      module: MODULE,
      ok: true,
      message: `procedure ${id} (${charter.id}, ${open.kind}${open.decisionType ? ` ${open.decisionType}` : ''}): ${entries.length} acts replayed${federated ? ' from the alliance log' : ''}, ${replay.state.status}${recomputed ? `, outcome ${recomputed.status} (matches stored)` : ''}`,
    });
  }
  if (procedures.length === 0)
    findings.push({ module: MODULE, ok: true, message: 'no council procedures in the record' });
  return findings;
}
