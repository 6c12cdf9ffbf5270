import { dayOf } from '../core/dates.js';
import type { Clock } from '../core/clock.js';
import type { Act } from '../record/model.js';
import type { RecordLog } from '../record/record-log.js';
import { LifecycleProjection, type LifecycleContext } from './lifecycle.js';
import {
  LIFECYCLE_PREFIX,
  lifecycleType,
  type DecisionOnRecord,
  type LifecyclePayload,
  type LifecycleRule,
  type PartyProgress,
} from './lifecycle-model.js';
import { loadLifecycleRules } from './lifecycle-rules.js';
import type { Registry } from './registry.js';
import { badInput, notFound } from '../core/errors.js';
import type { DocumentStore } from './documents.js';

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
    opts: { rules?: Map<string, LifecycleRule>; historical?: boolean } = {},
  ) {
    this.rules =
      opts.rules ?? loadLifecycleRules(new Set(registry.seed().alliances.map((a) => a.id)));
    this.historical = opts.historical ?? false;
    this.projection = new LifecycleProjection(registry.seed(), this.rules);
  }
  private readonly historical: boolean;

  /** Re-projects the registry from the seed and every life-cycle act in the record. */
  async load(): Promise<number> {
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
        const p = act.payload as LifecyclePayload;
        try {
          const next = projection.clone();
          next.step(p, await this.context(act.actor, p, false, true), act.id);
          projection = next;
        } catch (e) {
          conflicts.push({ actId: act.id, message: (e as Error).message });
        }
      }
    }
    this.projection = projection;
    this.conflicts = conflicts;
    this.applied = n;
    this.publish();
    return n;
  }

  /** Reloads when another process recorded life-cycle acts since this one loaded. */
  async fresh(): Promise<void> {
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

  /** A council decision as the record shows it: its opening and, once closed, its outcome. */
  async decision(procedureId: string): Promise<DecisionOnRecord | null> {
    if (typeof procedureId !== 'string' || !procedureId) return null;
    const acts = await this.record.list({ subject: procedureId, typePrefix: 'council.procedure.' });
    const opened = acts.find((a) => a.type === COUNCIL_OPENED);
    if (!opened) return null;
    const closed = acts.find((a) => a.type === COUNCIL_CLOSED);
    const o = opened.payload as Record<string, unknown>;
    const c = (closed?.payload ?? {}) as { outcome?: { status?: string } | null };
    return {
      procedureId,
      charterId: String(o.charterId),
      kind: String(o.kind),
      decisionType: typeof o.decisionType === 'string' ? o.decisionType : null,
      matter: String(o.matter),
      status: closed ? (c.outcome?.status ?? 'no_outcome') : null,
      closedAt: closed ? closed.at : null,
      actId: closed ? closed.id : null,
    };
  }

  /** Checks and records one act of `actor`; the registry shows its effect once it is committed. */
  recordAct(actor: string, payload: LifecyclePayload): Promise<RecordedLifecycleAct> {
    const run = this.queue.then(async () => {
      await this.fresh();
      const p = clean(payload);
      await this.checkDocuments(p);
      const next = this.projection.clone();
      const ctx = await this.context(actor, p, !this.historical, this.historical);
      // Checked with a placeholder id, then applied again with the act's own id after the append.
      next.step(p, ctx, 'pending');
      const act: Act<LifecyclePayload> = await this.record.append<LifecyclePayload>({
        actor,
        type: lifecycleType(p.kind),
        subject: p.state ? `${p.allianceId}/${p.state}` : p.allianceId,
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

  /** A cited text must be uploaded; a clause citing it must name an article the text marks. */
  private async checkDocuments(p: LifecyclePayload): Promise<void> {
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
    for (const c of cited) {
      if (!this.documents) throw badInput(c.field, 'this node keeps no documents');
      const versions = await this.documents.versionsOf(c.sha);
      if (!versions.length) throw notFound('document', c.sha);
      if (c.article && !versions.some((v) => v.articles.some((a) => a.article === c.article)))
        throw badInput(
          c.field.replace('documentSha256', 'article'),
          `the text ${c.sha.slice(0, 12)}… marks no article '${c.article}' (it marks ${versions.flatMap((v) => v.articles.map((a) => a.article)).join(', ') || 'none'})`,
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
    let afterSeq = 0;
    for (let page = 0; page < 10_000; page++) {
      const acts = await this.record.list({ typePrefix: LIFECYCLE_PREFIX, afterSeq, limit: 5000 });
      if (!acts.length) break;
      afterSeq = acts.at(-1)!.seq;
      for (const a of acts) {
        const p = a.payload as LifecyclePayload;
        if (p.allianceId === allianceId)
          out.push({ actId: a.id, seq: a.seq, at: a.at, actor: a.actor, type: a.type, payload: p });
      }
    }
    return out;
  }
}

/** The payload as recorded: only the fields that mean something, undefined ones left out. */
function clean(p: LifecyclePayload): LifecyclePayload {
  return Object.fromEntries(
    Object.entries(p).filter(([, v]) => v !== undefined && v !== null),
  ) as unknown as LifecyclePayload;
}

const recorders = new WeakMap<Registry, LifecycleRecorder>();

/** The node's recorder (one per registry), so the API, the CLI and the start-up share one projection. */
export function lifecycleFor(deps: {
  record: RecordLog;
  registry: Registry;
  clock: Clock;
}): LifecycleRecorder {
  let r = recorders.get(deps.registry);
  if (!r)
    recorders.set(
      deps.registry,
      (r = new LifecycleRecorder(deps.record, deps.registry, deps.clock)),
    );
  return r;
}
