import { parseJson, type JsonText } from '../store/json-column.js';
import { canonicalJson } from '../core/canonical-json.js';
import { dayOf } from '../core/dates.js';
import { badInput, notFound, refused, messageOf } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Act } from '../record/model.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import type { Migrations, SharedDb } from '../store/database.js';
import { bruteForceProposal, dataGaps, greedyProposal, type ProcUnit } from './procurement.js';
import {
  applyProcurementAct,
  PROCUREMENT_ACT,
  type ProcurementProposal,
  type ProposalFigures,
} from './procurement-rules.js';

export type ProcurementTables = {
  procurement_proposals: {
    id: string;
    alliance_id: string;
    proposed_at: string;
    /** The folded ProcurementProposal as JSON. */
    state: JsonText<ProcurementProposal>;
  };
};

export const procurementMigrations: Migrations = {
  '2020_programmes_procurement': {
    async up(db) {
      await db.schema
        .createTable('procurement_proposals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('proposed_at', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

const on = (db: SharedDb) => db.withTables<ProcurementTables>();
/** The brute force runs on instances up to this many units (2^12 subsets per standard). */
export const BRUTE_FORCE_MAX_UNITS = 12;
export const MAX_BUDGET = 50;

async function load(db: SharedDb, id: string): Promise<ProcurementProposal | null> {
  const r = await on(db)
    .selectFrom('procurement_proposals')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? parseJson(r.state) : null;
}

/**
 * Defence-industrial proposals (issue #17.3): computed from the forces module's pledged units and data
 * links (read port), recorded as a signed act of the proposing member, committed to by each member whose
 * units change (signed acts).
 */
export class ProcurementDesk {
  constructor(private deps: Deps) {}

  private port() {
    const p = this.deps.ports.forces;
    if (!p)
      throw refused('no_forces_module', 'the forces module is not part of this node: no units');
    return p;
  }

  /** The proposal for an alliance's pledged units now, with the brute-force optimum on small instances. */
  async compute(
    allianceId: string,
    budget: number,
  ): Promise<ProposalFigures & { allianceId: string }> {
    if (!this.deps.registry.alliance(allianceId))
      throw badInput('alliance', `alliance '${allianceId}' does not exist`).withDetail(
        { alliance: allianceId },
        'unknown_alliance',
      );
    if (!Number.isInteger(budget) || budget < 1 || budget > MAX_BUDGET)
      throw badInput(
        'budget',
        `budget is a whole number of units to re-equip, 1 to ${MAX_BUDGET}`,
      ).withDetail({ min: 1, max: MAX_BUDGET }, 'validation.range');
    const { units, shortfalls, dataStandards } = await this.port().currentUnits(allianceId);
    const inst: ProcUnit[] = units.map((u) => ({
      key: u.key,
      member: u.member,
      dataLinks: u.dataLinks,
    }));
    const standards = dataStandards.map((s) => s.id);
    const p = greedyProposal(inst, budget, standards);
    const optimum =
      inst.length <= BRUTE_FORCE_MAX_UNITS
        ? bruteForceProposal(inst, budget, standards)
        : undefined;
    const memberOf = new Map(inst.map((u) => [u.key, u.member]));
    return {
      allianceId,
      standard: p?.standard ?? '',
      standardName: dataStandards.find((s) => s.id === p?.standard)?.name ?? null,
      budget,
      units: inst.length,
      gaps: dataGaps(inst).length,
      equip: (p?.equip ?? []).map((key) => ({ key, member: memberOf.get(key)! })),
      changes: p?.changes ?? [],
      closed: p?.closed.length ?? 0,
      gainers: p?.gainers ?? [],
      optimumClosed: optimum === undefined ? null : (optimum?.closed.length ?? 0),
      shortfalls,
    };
  }

  private active(allianceId: string, member: string) {
    const day = dayOf(this.deps.clock.now());
    if (!this.deps.registry.isActiveMember(allianceId, member, day))
      throw refused(
        'not_a_member',
        `${member} is not an active member of ${allianceId}`,
      ).withDetail({ member, alliance: allianceId, day });
  }

  private async take(member: string, type: string, id: string, payload: Record<string, unknown>) {
    await this.deps.keyring.keyFor(member);
    return this.deps.record.transact(async (tx) => {
      await tx.lock();
      const prev = await load(tx.db, id);
      if (!prev && type !== PROCUREMENT_ACT.proposed) throw notFound('proposal', id);
      // Every rule is checked before the act is appended: a refused act is recorded nowhere.
      const probe = { id: 'act_pending', at: this.deps.clock.now().toISOString(), actor: member };
      applyProcurementAct(prev, { ...probe, type, payload });
      const act = await tx.append({ actor: member, type, subject: id, payload });
      const next = applyProcurementAct(prev, act);
      const values = {
        alliance_id: next.allianceId,
        proposed_at: next.proposedAt,
        state: JSON.stringify(next),
      };
      if (prev)
        await on(tx.db)
          .updateTable('procurement_proposals')
          .set(values)
          .where('id', '=', id)
          .execute();
      else
        await on(tx.db)
          .insertInto('procurement_proposals')
          .values({ id, ...values })
          .execute();
      return next;
    });
  }

  /** Records the proposal computed now as a signed act of `member` (an active member of the alliance). */
  async propose(member: string, allianceId: string, budget: number): Promise<ProcurementProposal> {
    const { allianceId: _a, ...figures } = await this.compute(allianceId, budget);
    this.active(allianceId, member);
    if (!figures.closed)
      throw refused(
        'nothing_to_close',
        `no data gap of ${allianceId} closes within the budget`,
      ).withDetail({ alliance: allianceId, budget });
    const id = newId('proc');
    return this.take(member, PROCUREMENT_ACT.proposed, id, {
      proposalId: id,
      allianceId,
      figures,
    });
  }

  /** `member` commits to re-equipping its units named in the proposal. */
  async commit(member: string, id: string, note = ''): Promise<ProcurementProposal> {
    const p = await this.get(id);
    this.active(p.allianceId, member);
    return this.take(member, PROCUREMENT_ACT.committed, id, { proposalId: id, note });
  }

  async get(id: string): Promise<ProcurementProposal> {
    const p = await load(this.deps.store.db, id);
    if (!p) throw notFound('proposal', id);
    return p;
  }

  async list(allianceId?: string): Promise<ProcurementProposal[]> {
    let q = on(this.deps.store.db)
      .selectFrom('procurement_proposals')
      .select('state')
      .orderBy('proposed_at')
      .orderBy('id');
    if (allianceId) q = q.where('alliance_id', '=', allianceId);
    return (await q.execute()).map((r) => parseJson(r.state));
  }

  /** Refolds every proposal from the record and compares it with the stored one. */
  async verify(): Promise<VerifyFinding[]> {
    const folded = new Map<string, ProcurementProposal>();
    const out: VerifyFinding[] = [];
    for (let after = 0, i = 0; i < 100_000; i++) {
      const page: Act[] = await this.deps.record.list({
        typePrefix: 'procurement.',
        afterSeq: after,
        limit: 5000,
      });
      for (const a of page)
        try {
          folded.set(a.subject ?? '', applyProcurementAct(folded.get(a.subject ?? '') ?? null, a));
        } catch (e) {
          out.push({
            module: 'programmes',
            ok: false,
            actId: a.id,
            message: `procurement act breaks a rule: ${messageOf(e)}`,
          });
        }
      if (page.length < 5000) break;
      after = page[page.length - 1].seq;
    }
    const stored = await this.list();
    for (const p of stored) {
      const ok = canonicalJson(folded.get(p.id) ?? null) === canonicalJson(p);
      out.push({
        module: 'programmes',
        ok,
        message: ok
          ? `procurement proposal ${p.id} recomputed from the record (matches stored)`
          : `procurement proposal ${p.id}: stored state differs from the record`,
      });
    }
    if (folded.size !== stored.length)
      out.push({
        module: 'programmes',
        ok: false,
        message: `${folded.size} procurement proposals in the record, ${stored.length} stored`,
      });
    return out;
  }
}
