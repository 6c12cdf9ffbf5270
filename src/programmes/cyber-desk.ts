import { parseJson, type JsonText } from '../store/json-column.js';
import { badInput, notFound, refused, messageOf } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Act } from '../record/model.js';
import { CLASSIFICATIONS } from '../runtime/auth.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import type { Migrations, SharedDb } from '../store/database.js';
import { canonicalJson } from '../core/canonical-json.js';
import { mayReadCase, type CaseReader } from './case-visibility.js';
import { CYBER_ACT, type CaseStatus, type CyberCase } from './cyber-model.js';
import { applyCaseAct, type DeclarePayload } from './cyber-rules.js';
import { comparableHistory } from './history.js';
import { loadProgramme } from './repository.js';

export type CyberTables = {
  cyber_cases: {
    id: string;
    programme_id: string;
    declared_by: string;
    declared_at: string;
    status: string;
    /** The folded CyberCase as JSON. */
    state: JsonText<CyberCase>;
  };
};

export const cyberMigrations: Migrations = {
  '2010_programmes_cyber_cases': {
    async up(db) {
      await db.schema
        .createTable('cyber_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('programme_id', 'text', (c) => c.notNull())
        .addColumn('declared_by', 'text', (c) => c.notNull())
        .addColumn('declared_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

const on = (db: SharedDb) => db.withTables<CyberTables>();

async function loadCase(db: SharedDb, id: string): Promise<CyberCase | null> {
  const r = await on(db)
    .selectFrom('cyber_cases')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? parseJson(r.state) : null;
}

async function allCases(db: SharedDb): Promise<CyberCase[]> {
  const rows = await on(db)
    .selectFrom('cyber_cases')
    .select('state')
    .orderBy('declared_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => parseJson(r.state));
}

export interface DeclareInput {
  programmeId: string;
  title: string;
  description: string;
  severity: string;
  classification: string;
  /** Default: every other participant of the programme. */
  releasableTo?: string[];
  requestedAssistance?: string[];
  stixIds?: string[];
}

/** Cyber incident cases: every read goes through mayReadCase; an invisible case is a missing one. */
export class CyberDesk {
  constructor(private deps: Deps) {}

  /** The cases `who` may see, optionally those whose title, description or STIX ids contain `q`. */
  async list(who: CaseReader, q?: string): Promise<CyberCase[]> {
    const needle = q?.toLowerCase();
    return (await allCases(this.deps.store.db)).filter(
      (c) =>
        mayReadCase(c, who) &&
        (!needle ||
          `${c.title}\n${c.description}\n${c.stixIds.join('\n')}`.toLowerCase().includes(needle)),
    );
  }

  async get(who: CaseReader, id: string): Promise<CyberCase> {
    const c = await loadCase(this.deps.store.db, id);
    // Not released to the reader: the same answer as a case that does not exist.
    if (!c || !mayReadCase(c, who)) throw notFound('case', id);
    return c;
  }

  private async take(
    who: CaseReader & { member: string },
    type: string,
    caseId: string,
    payload: Record<string, unknown>,
    isNew = false,
  ) {
    await this.deps.keyring.keyFor(who.member);
    return this.deps.record.transact(async (tx) => {
      await tx.lock();
      const prev = await loadCase(tx.db, caseId);
      if (!isNew && (!prev || !mayReadCase(prev, who))) throw notFound('case', caseId);
      const at = this.deps.clock.now().toISOString();
      applyCaseAct(prev, {
        seq: 0,
        id: 'act_pending',
        at,
        actor: who.member,
        type,
        payload: JSON.parse(JSON.stringify(payload)) as unknown,
      });
      const act = await tx.append({ actor: who.member, type, subject: caseId, payload });
      const next = applyCaseAct(prev, act);
      const values = {
        programme_id: next.programmeId,
        declared_by: next.declaredBy,
        declared_at: next.declaredAt,
        status: next.status,
        state: JSON.stringify(next),
      };
      if (prev)
        await on(tx.db).updateTable('cyber_cases').set(values).where('id', '=', caseId).execute();
      else
        await on(tx.db)
          .insertInto('cyber_cases')
          .values({ id: caseId, ...values })
          .execute();
      return { act, case: next };
    });
  }

  async declare(who: CaseReader & { member: string }, input: DeclareInput) {
    const prog = await loadProgramme(this.deps.store.db, input.programmeId);
    if (!prog) throw notFound('programme', input.programmeId);
    const participants = prog.participants.map((p) => p.member);
    if (!participants.includes(who.member))
      throw refused(
        'not_a_participant',
        `${who.member} does not take part in programme ${prog.id}`,
      ).withDetail({ member: who.member, programme: prog.title });
    const releasableTo = input.releasableTo ?? participants.filter((m) => m !== who.member);
    for (const [i, m] of releasableTo.entries())
      if (!participants.includes(m))
        throw refused(
          'not_a_participant',
          `${m} does not take part in programme ${prog.id}: a case is shared among participants only`,
          `releasableTo/${i}`,
        ).withDetail({ member: m, programme: prog.title });
    if (
      CLASSIFICATIONS.indexOf(who.clearance) <
      CLASSIFICATIONS.findIndex((level) => level === input.classification)
    )
      throw badInput('classification', 'the classification is above your clearance').withDetail(
        { classification: input.classification, clearance: who.clearance },
        'above_clearance',
      );
    const payload: DeclarePayload = {
      caseId: newId('case'),
      programmeId: prog.id,
      title: input.title,
      description: input.description,
      severity: input.severity,
      classification: input.classification,
      releasableTo,
      requestedAssistance: input.requestedAssistance ?? [],
      stixIds: input.stixIds ?? [],
    };
    return this.take(who, CYBER_ACT.declared, payload.caseId, { ...payload }, true);
  }

  offer(
    who: CaseReader & { member: string },
    id: string,
    o: { kind: string; description: string },
  ) {
    return this.take(who, CYBER_ACT.offered, id, { caseId: id, offerId: newId('offer'), ...o });
  }

  setStatus(who: CaseReader & { member: string }, id: string, status: CaseStatus) {
    return this.take(who, CYBER_ACT.status, id, { caseId: id, status });
  }

  close(who: CaseReader & { member: string }, id: string, summary: string) {
    return this.take(who, CYBER_ACT.closed, id, { caseId: id, summary });
  }

  /** Refolds every case from the record and compares it with the stored one. */
  async verify(): Promise<VerifyFinding[]> {
    const folded = new Map<string, CyberCase>();
    const out: VerifyFinding[] = [];
    for (let after = 0, i = 0; i < 100_000; i++) {
      const page: Act[] = await this.deps.record.list({
        typePrefix: 'cyber.case.',
        afterSeq: after,
        limit: 5000,
      });
      for (const a of page) {
        try {
          folded.set(a.subject ?? '', applyCaseAct(folded.get(a.subject ?? '') ?? null, a));
        } catch (e) {
          out.push({
            module: 'programmes',
            ok: false,
            actId: a.id,
            message: `case act breaks a rule: ${messageOf(e)}`,
          });
        }
      }
      if (page.length < 5000) break;
      after = page[page.length - 1].seq;
    }
    const stored = await allCases(this.deps.store.db);
    for (const c of stored) {
      const replayed = folded.get(c.id);
      // Cases stored before history lines had codes still verify: see comparableHistory.
      const ok =
        replayed !== undefined &&
        canonicalJson({ ...replayed, history: comparableHistory(replayed.history, c.history) }) ===
          canonicalJson(c);
      out.push({
        module: 'programmes',
        ok,
        message: ok
          ? `cyber case ${c.id} recomputed from the record (matches stored)`
          : `cyber case ${c.id}: stored state differs from the record`,
      });
    }
    if (folded.size !== stored.length)
      out.push({
        module: 'programmes',
        ok: false,
        message: `${folded.size} cases in the record, ${stored.length} stored`,
      });
    return out;
  }
}
