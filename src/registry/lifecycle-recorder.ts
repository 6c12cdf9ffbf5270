import { isActOfAny, payloadFields } from '../record/act-catalogue.js';
import { fieldsOf } from '../core/objects.js';
import { dayOf } from '../core/dates.js';
import type { Clock } from '../core/clock.js';
import type { Act } from '../record/model.js';
import type { RecordLog } from '../record/record-log.js';
import { LifecycleProjection, type LifecycleContext } from './lifecycle.js';
import {
  LIFECYCLE_KINDS,
  LIFECYCLE_PREFIX,
  LIFECYCLE_TYPES,
  lifecycleType,
  type DecisionOnRecord,
  type LifecyclePayload,
  type LifecycleRule,
  type PartyProgress,
} from './lifecycle-model.js';
import { loadLifecycleRules } from './lifecycle-rules.js';
import type { Registry } from './registry.js';
import { badInput, notFound, messageOf } from '../core/errors.js';
import type { DocumentStore } from './documents.js';
import type {
  AllianceLogPort,
  CouncilProceduresPort,
  LoggedAct,
  LoggedActApplier,
} from './alliance-port.js';
import type { SharedDb, Store } from '../store/database.js';
import { compareStored, storeParty } from './lifecycle-stored.js';
import { registeredOnLog } from './documents-on-log.js';

/** The council's act types, as the record names them (read here as data: the registry imports no module). */
const COUNCIL_OPENED = 'council.procedure.opened';
const COUNCIL_CLOSED = 'council.procedure.closed';

export interface RecordedLifecycleAct {
  actId: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: LifecyclePayload;
}

/**
 * Records life-cycle acts (application, admission, signature … withdrawal) as signed acts and keeps the
 * registry's memberships and alliances a projection of the sourced seed plus these acts. Checks run before
 * the append; a refused act is recorded nowhere and changes nothing. One node process serialises its own
 * recordings; acts recorded by another process (the CLI) are picked up by `fresh()`.
 */
export class LifecycleRecorder {
  private queue: Promise<unknown> = Promise.resolve();
  private projection: LifecycleProjection;
  private applied = 0;
  /** Acts in the record that no longer pass against the current seed (a new release): kept, reported. */
  conflicts: { actId: string; message: string }[] = [];
  readonly rules: Map<string, LifecycleRule>;
  /** Uploaded texts: an act citing a document's hash must name one uploaded (and its articles). */
  documents: DocumentStore | null = null;

  constructor(
    private readonly record: RecordLog,
    private readonly registry: Registry,
    private readonly clock: Clock,
    opts: {
      rules?: Map<string, LifecycleRule>;
      historical?: boolean;
      /**
       * The alliance log of a federated node: life-cycle acts are then signed on the acting member's node,
       * published there, and this projection is the seed plus the life-cycle acts applied from the log
       * (the same on every node), not the node's own record.
       */
      alliance?: AllianceLogPort | null;
      /** The node's store (the stored life-cycle projection). */
      store?: Store | null;
      /**
       * The node's read ports (filled as modules are composed, read when needed): federated, a cited
       * decision is asked of the council module through its `councilProcedures` port.
       */
      ports?: { councilProcedures?: CouncilProceduresPort };
    } = {},
  ) {
    this.alliance = opts.alliance ?? null;
    this.store = opts.store ?? null;
    this.ports = opts.ports ?? {};
    this.rules =
      opts.rules ?? loadLifecycleRules(new Set(registry.seed().alliances.map((a) => a.id)));
    this.historical = opts.historical ?? false;
    this.projection = new LifecycleProjection(registry.seed(), this.rules);
  }
  private readonly historical: boolean;
  private readonly alliance: AllianceLogPort | null;
  private readonly store: Store | null;
  private readonly ports: { councilProcedures?: CouncilProceduresPort };

  /** Re-projects the registry from the seed and every life-cycle act in the record (federated: the alliance log). */
  async load(): Promise<number> {
    if (this.alliance) return this.loadFromAlliance(this.alliance);
    let projection = new LifecycleProjection(this.registry.seed(), this.rules);
    const conflicts: { actId: string; message: string }[] = [];
    let afterSeq = 0;
    let n = 0;
    for (let page = 0; page < 10_000; page++) {
      const acts = await this.record.list({ typePrefix: LIFECYCLE_PREFIX, afterSeq, limit: 5000 });
      if (!acts.length) break;
      for (const act of acts) {
        n++;
        afterSeq = act.seq;
        try {
          const p = lifecyclePayloadOf(act);
          const next = projection.clone();
          next.step(p, await this.context(act.actor, p, false, true), act.id);
          projection = next;
        } catch (e) {
          conflicts.push({ actId: act.id, message: messageOf(e) });
        }
      }
    }
    this.projection = projection;
    this.conflicts = conflicts;
    this.applied = n;
    this.publish();
    return n;
  }

  /**
   * Federated: the seed plus every life-cycle act applied from the alliance log, in stream order, each
   * checked as it was when applied (at its own date, against the council's procedures on the log).
   */
  private async loadFromAlliance(alliance: AllianceLogPort): Promise<number> {
    let projection = new LifecycleProjection(this.registry.seed(), this.rules);
    const conflicts: { actId: string; message: string }[] = [];
    const acts = await alliance.appliedActs(LIFECYCLE_PREFIX);
    for (const act of acts) {
      try {
        const next = projection.clone();
        const p = lifecyclePayloadOf(act);
        next.step(p, await this.logContext(act, p), act.id);
        projection = next;
      } catch (e) {
        conflicts.push({ actId: act.id, message: messageOf(e) });
      }
    }
    this.projection = projection;
    this.conflicts = conflicts;
    this.applied = acts.length;
    this.publish();
    return acts.length;
  }

  /** The context of an act from the alliance log: its own actor and day, decisions as the log has them. */
  private async logContext(
    act: LoggedAct,
    p: LifecyclePayload,
    db?: SharedDb,
  ): Promise<LifecycleContext> {
    return {
      actor: act.actor,
      today: dayOf(new Date(act.at)),
      decision: p.decision ? await this.decision(p.decision, db) : null,
      historical: this.historical,
      live: true,
    };
  }

  /**
   * How every federated node applies a life-cycle act from the alliance log: the same checks as a local
   * recording (the actor's right, membership and the council's decision at the act's own date); a failed
   * check throws and rejects the act on every node. The projection moves only when the act passes; if
   * the batch's transaction is rolled back, `load()` rebuilds it from what was committed.
   */
  allianceActs(): Record<string, LoggedActApplier> {
    const apply: LoggedActApplier = async (tx, act) => {
      // A rebuild after a rollback failed (the database was away): rebuild before going on. Throws an
      // outage (not a rejection) if it fails again, so the act is retried, never rejected for it.
      if (this.stale) await this.load().then(() => (this.stale = false));
      const raw = act.payload;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw))
        throw badInput('payload', 'a life-cycle act carries an object payload');
      const p = clean(lifecyclePayloadOf(act));
      if (act.type !== lifecycleType(p.kind))
        throw badInput(
          'payload.kind',
          `act type ${act.type} does not match kind '${String(p.kind)}'`,
        );
      if (act.subject !== subjectOf(p))
        throw badInput('subject', `the act's subject must be ${subjectOf(p)}, not ${act.subject}`);
      // A cited text must be registered on the log before the act: checked by every node, not only the
      // one that holds the upload.
      await this.checkDocuments(p, tx);
      const next = this.projection.clone();
      next.step(p, await this.logContext(act, p, tx), act.id);
      // The stored projection moves in the act's own transaction (tahaluf verify compares it with the log).
      await storeParty(tx, next, p.allianceId, p.state, act);
      this.projection = next;
      this.applied++;
      this.publish();
      return { allianceId: p.allianceId, state: p.state ?? null, kind: p.kind };
    };
    return Object.fromEntries(LIFECYCLE_KINDS.map((k) => [lifecycleType(k), apply]));
  }

  private stale = false;

  /**
   * `tahaluf verify` on a federated node: replays the life-cycle acts applied from the alliance log (from
   * the seed, each checked at its own date as when applied) and compares the result with the stored
   * projection (`registry_lifecycle_projection`); names every row that differs and every act that no
   * longer applies.
   */
  async verifyAgainstLog(): Promise<{ acts: number; problems: string[] }> {
    if (!this.alliance || !this.store) return { acts: 0, problems: [] };
    const acts = await this.alliance.appliedActs(LIFECYCLE_PREFIX);
    let replayed = new LifecycleProjection(this.registry.seed(), this.rules);
    const problems: string[] = [];
    for (const act of acts) {
      const p = lifecyclePayloadOf(act);
      try {
        const next = replayed.clone();
        next.step(p, await this.logContext(act, p), act.id);
        replayed = next;
      } catch (e) {
        problems.push(`act ${act.id} (#${act.seq}) does not apply on replay: ${messageOf(e)}`);
      }
    }
    problems.push(
      ...(await compareStored(
        this.store.db,
        replayed,
        acts.map((a) => {
          const p = lifecyclePayloadOf(a);
          return { id: a.id, seq: a.seq, allianceId: p.allianceId, state: p.state };
        }),
      )),
    );
    return { acts: acts.length, problems };
  }

  /** After the alliance log rolled a batch back: the projection is rebuilt from what was committed. */
  async rebuildAfterRollback(): Promise<void> {
    this.stale = true;
    await this.load();
    this.stale = false;
  }

  /** Reloads when another process recorded life-cycle acts since this one loaded. */
  async fresh(): Promise<void> {
    // Federated: only this process's consumer applies the log's acts (it moves the projection itself).
    if (this.alliance) return;
    const n = await this.record.countMatching({ typePrefix: LIFECYCLE_PREFIX });
    if (n !== this.applied) await this.load();
  }

  private publish(): void {
    this.registry.project(this.projection.memberships, [...this.projection.alliances.values()]);
  }

  private async context(
    actor: string,
    p: LifecyclePayload,
    live: boolean,
    historical: boolean,
  ): Promise<LifecycleContext> {
    return {
      actor,
      today: dayOf(this.clock.now()),
      decision: p.decision ? await this.decision(p.decision) : null,
      historical,
      live,
    };
  }

  /**
   * A council decision as the record shows it: its opening and, once closed, its outcome. Federated: as
   * the council's projection of the alliance log has it (through `db` inside the applying transaction).
   */
  async decision(procedureId: string, db?: SharedDb): Promise<DecisionOnRecord | null> {
    if (typeof procedureId !== 'string' || !procedureId) return null;
    if (this.alliance) return this.decisionOnLog(this.alliance, procedureId, db);
    const acts = await this.record.list({ subject: procedureId, typePrefix: 'council.procedure.' });
    const opened = acts.find((a) => a.type === COUNCIL_OPENED);
    if (!opened) return null;
    const closed = acts.find((a) => a.type === COUNCIL_CLOSED);
    const o = payloadFields(opened);
    const status = fieldsOf(fieldsOf(closed?.payload).outcome).status;
    return {
      procedureId,
      charterId: String(o.charterId),
      kind: String(o.kind),
      decisionType: typeof o.decisionType === 'string' ? o.decisionType : null,
      matter: String(o.matter),
      status: closed ? (typeof status === 'string' ? status : 'no_outcome') : null,
      closedAt: closed ? closed.at : null,
      actId: closed ? closed.id : null,
    };
  }

  private async decisionOnLog(
    alliance: AllianceLogPort,
    procedureId: string,
    db?: SharedDb,
  ): Promise<DecisionOnRecord | null> {
    // The council's procedures on the log are applied by the council module: without it, no decision.
    const council = this.ports.councilProcedures;
    if (!alliance.carries(COUNCIL_CLOSED) || !council) return null;
    const row = await council.procedure(procedureId, db);
    if (!row) return null;
    const closed = row.status === 'closed';
    const closing = closed
      ? (await alliance.actsOf(procedureId, COUNCIL_CLOSED, db)).find(
          (a) => a.type === COUNCIL_CLOSED,
        )
      : undefined;
    return {
      procedureId,
      charterId: row.charterId,
      kind: row.kind,
      decisionType: row.decisionType,
      matter: row.matter,
      status: closed ? (row.outcomeStatus ?? 'no_outcome') : null,
      closedAt: closed ? (closing?.at ?? row.closedAt) : null,
      actId: closed ? (closing?.id ?? null) : null,
    };
  }

  /** Checks and records one act of `actor`; the registry shows its effect once it is committed. */
  recordAct(actor: string, payload: LifecyclePayload): Promise<RecordedLifecycleAct> {
    if (this.alliance) return this.submitAct(this.alliance, actor, payload);
    const run = this.queue.then(async () => {
      await this.fresh();
      const p = clean(payload);
      await this.checkDocuments(p);
      const next = this.projection.clone();
      const ctx = await this.context(actor, p, !this.historical, this.historical);
      // Checked with a placeholder id, then applied again with the act's own id after the append.
      next.step(p, ctx, 'pending');
      const act: Act<LifecyclePayload> = await this.record.append({
        actor,
        type: lifecycleType(p.kind),
        subject: subjectOf(p),
        payload: p,
      });
      const applied = this.projection.clone();
      applied.step(p, ctx, act.id);
      this.projection = applied;
      this.applied++;
      this.publish();
      return { actId: act.id, seq: act.seq, at: act.at, actor, type: act.type, payload: p };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Federated: checked here against this node's projection for a quick answer, then signed with this
   * node's own key and published; every node (this one too) applies it from the log (`allianceActs`).
   */
  private submitAct(
    alliance: AllianceLogPort,
    actor: string,
    payload: LifecyclePayload,
  ): Promise<RecordedLifecycleAct> {
    const run = this.queue.then(async () => {
      const p = clean(payload);
      await this.checkDocuments(p);
      const next = this.projection.clone();
      next.step(p, await this.context(actor, p, true, this.historical), 'pending');
      const type = lifecycleType(p.kind);
      const out = await alliance.submit(actor, type, subjectOf(p), p);
      return { actId: out.act!.id, seq: out.streamSeq, at: out.act!.at, actor, type, payload: p };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A cited text must be uploaded (federated: registered on the alliance log, as every node sees it,
   * through `db` inside the applying transaction); a clause citing it must name an article the text marks.
   */
  private async checkDocuments(p: LifecyclePayload, db?: SharedDb): Promise<void> {
    const cited = [
      ...(p.documentSha256
        ? [{ sha: p.documentSha256, article: null, field: 'documentSha256' }]
        : []),
      ...(p.provisions ?? []).flatMap((x, i) =>
        x.documentSha256
          ? [{ sha: x.documentSha256, article: x.article, field: `provisions/${i}/documentSha256` }]
          : [],
      ),
    ];
    if (this.alliance && this.store) {
      for (const c of cited) {
        const registrations = await registeredOnLog(db ?? this.store.db, c.sha);
        if (!registrations.length) throw notFound('document registered on the alliance log', c.sha);
        const marked = registrations.flat();
        if (c.article && !marked.includes(c.article))
          throw badInput(
            c.field.replace('documentSha256', 'article'),
            `the text ${c.sha.slice(0, 12)}… marks no article '${c.article}' (it marks ${marked.join(', ') || 'none'})`,
          ).withDetail(
            { article: c.article, marked: marked.join(', ') || '—' },
            'article_not_marked',
          );
      }
      return;
    }
    for (const c of cited) {
      if (!this.documents) throw badInput(c.field, 'this node keeps no documents');
      const versions = await this.documents.versionsOf(c.sha);
      if (!versions.length) throw notFound('document', c.sha);
      if (c.article && !versions.some((v) => v.articles.some((a) => a.article === c.article)))
        throw badInput(
          c.field.replace('documentSha256', 'article'),
          `the text ${c.sha.slice(0, 12)}… marks no article '${c.article}' (it marks ${versions.flatMap((v) => v.articles.map((a) => a.article)).join(', ') || 'none'})`,
        ).withDetail(
          {
            article: c.article,
            marked: versions.flatMap((v) => v.articles.map((a) => a.article)).join(', ') || '—',
          },
          'article_not_marked',
        );
    }
  }

  /** Every state's progress in an alliance (applied, admitted, signed … in force, reservations). */
  progress(allianceId: string): PartyProgress[] {
    return [...this.projection.progress.values()]
      .filter((p) => p.allianceId === allianceId)
      .sort((a, b) => a.state.localeCompare(b.state));
  }

  rule(allianceId: string): LifecycleRule | undefined {
    return this.rules.get(allianceId);
  }

  conclusion(allianceId: string) {
    return this.projection.conclusions.get(allianceId) ?? null;
  }

  /** The life-cycle acts recorded for an alliance, in record order. */
  async acts(allianceId: string): Promise<RecordedLifecycleAct[]> {
    const out: RecordedLifecycleAct[] = [];
    if (this.alliance) {
      for (const a of await this.alliance.appliedActs(LIFECYCLE_PREFIX)) {
        const p = lifecyclePayloadOf(a);
        if (p.allianceId === allianceId)
          out.push({ actId: a.id, seq: a.seq, at: a.at, actor: a.actor, type: a.type, payload: p });
      }
      return out;
    }
    let afterSeq = 0;
    for (let page = 0; page < 10_000; page++) {
      const acts = await this.record.list({ typePrefix: LIFECYCLE_PREFIX, afterSeq, limit: 5000 });
      if (!acts.length) break;
      afterSeq = acts.at(-1)!.seq;
      for (const a of acts) {
        const p = lifecyclePayloadOf(a);
        if (p.allianceId === allianceId)
          out.push({ actId: a.id, seq: a.seq, at: a.at, actor: a.actor, type: a.type, payload: p });
      }
    }
    return out;
  }
}

/**
 * A life-cycle act's payload, through the record's catalogue (src/registry/acts.ts): its fields are
 * checked by `LifecycleProjection.step` when it is applied; an act of another type is refused here.
 */
function lifecyclePayloadOf(act: { type: string; payload: unknown }): LifecyclePayload {
  if (!isActOfAny(act, LIFECYCLE_TYPES))
    throw badInput('type', `an act of type ${act.type} is not a life-cycle act`);
  return act.payload;
}

/** The subject a life-cycle act is recorded under: `<alliance>/<state>`, or the alliance alone. */
function subjectOf(p: LifecyclePayload): string {
  return p.state ? `${p.allianceId}/${p.state}` : p.allianceId;
}

/** The payload as recorded: only the fields that mean something, undefined ones left out. */
function clean(p: LifecyclePayload): LifecyclePayload {
  const out = { ...p };
  const fields: [string, unknown][] = Object.entries(p);
  for (const [field, value] of fields)
    if (value === undefined || value === null) Reflect.deleteProperty(out, field);
  return out;
}

const recorders = new WeakMap<Registry, LifecycleRecorder>();

/** The node's recorder (one per registry), so the API, the CLI and the start-up share one projection. */
export function lifecycleFor(deps: {
  record: RecordLog;
  registry: Registry;
  clock: Clock;
  store?: Store;
  alliance?: AllianceLogPort | null;
  ports?: { councilProcedures?: CouncilProceduresPort };
}): LifecycleRecorder {
  let r = recorders.get(deps.registry);
  if (!r)
    recorders.set(
      deps.registry,
      (r = new LifecycleRecorder(deps.record, deps.registry, deps.clock, {
        alliance: deps.alliance ?? null,
        store: deps.store ?? null,
        ports: deps.ports,
      })),
    );
  return r;
}
