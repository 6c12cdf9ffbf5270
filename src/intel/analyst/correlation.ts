import { parseJson } from '../../store/json-column.js';
import { notFound, badInput } from '../../core/errors.js';
import type { Principal } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { allCollections, rightsOn, type Collection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { labelledObject, labelText, readLabel } from '../labels.js';
import { recipientOf } from '../releasability.js';
import type { StoredRow } from '../repository.js';
import { DEFAULT_DECAY, lifecycleOf, shown, type DecayModel, type Lifecycle } from './lifecycle.js';
import type { AnalystTables } from './migrations.js';
import {
  isIpOrCidr,
  normalise,
  observableKey,
  observablesOf,
  valueKey,
  type Observable,
  type ObservableKind,
} from './observables.js';

type CorrelationDeps = Pick<Deps, 'store' | 'clock' | 'record' | 'registry' | 'config' | 'keyring'>;

export interface CorrelatedObject {
  id: string;
  type: string;
  collection: string;
  originator: string;
  name: string;
  label: string | null;
  lifecycle: Lifecycle;
  /** The values shared with the source (observable correlation), empty for relationship neighbours. */
  shared: string[];
  via: 'observable' | 'relationship';
}

export interface Correlation {
  source: { id: string | null; observables: string[]; lifecycle: Lifecycle | null };
  related: CorrelatedObject[];
  /** True when more candidates existed than `limit`. */
  truncated: boolean;
}

export const KINDS: ObservableKind[] = ['ip', 'domain', 'url', 'email', 'mac', 'hash'];

/** The kind of a bare value typed by an analyst (when not given). */
export function guessKind(value: string): ObservableKind {
  const v = value.trim();
  if (isIpOrCidr(v)) return 'ip';
  if (
    /^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{56}$|^[0-9a-f]{64}$|^[0-9a-f]{96}$|^[0-9a-f]{128}$/i.test(
      v,
    )
  )
    return 'hash';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return 'url';
  if (/^[^@\s]+@[^@\s]+$/.test(v)) return 'email';
  if (/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(v)) return 'mac';
  return 'domain';
}

const nameOf = (o: Record<string, unknown>, id: string) =>
  typeof o.name === 'string' ? o.name : typeof o.value === 'string' ? o.value : id;

/**
 * Correlation within visibility (#19.6): the objects related to an object (by id) or to a value, that
 * `who` may see. Related = another object naming one of the same observable values (an SCO's value or
 * hash, an indicator's pattern values: observables.ts), or a relationship neighbour (the other end of a
 * relationship naming the object). Candidates come from the `intel_observables` index filtered in SQL by
 * the reader's visible labels and readable collections; each is then read through the hub (the
 * releasability-filtered read every path uses: its latest version the reader may see) and kept only if
 * that version still names a shared value. An object the reader may not see is never returned, never
 * counted, and an unseen source id answers like a missing one.
 */
export async function correlate(
  deps: CorrelationDeps,
  who: Principal,
  q: { id?: string; value?: string; kind?: ObservableKind },
  o: { includeInactive?: boolean; limit?: number; decay?: DecayModel } = {},
): Promise<Correlation> {
  const hub = hubFor(deps);
  const reader = recipientOf(who);
  const limit = Math.min(Math.max(o.limit ?? 100, 1), 1000);
  const now = deps.clock.now().getTime();
  const decay = o.decay ?? DEFAULT_DECAY;
  const day = hub.today();
  const colls = allCollections(deps.registry).filter(
    (c) => rightsOn(c, who, day, deps.registry).read,
  );
  const byId = new Map(colls.map((c) => [c.id, c]));
  const latest = async (coll: Collection, ids: string[]): Promise<StoredRow[]> => {
    const out: StoredRow[] = [];
    for (let i = 0; i < ids.length; i += 200) {
      const page = await hub.page(
        { collectionId: coll.id, ids: ids.slice(i, i + 200), limit: 1000 },
        reader,
      );
      out.push(...page.rows);
    }
    return out;
  };

  let source: Observable[];
  let sourceRow: StoredRow | null = null;
  let sourceColl: Collection | null = null;
  if (q.id) {
    for (const c of colls) {
      const [row] = await latest(c, [q.id]);
      if (row) {
        sourceRow = row;
        sourceColl = c;
        break;
      }
    }
    if (!sourceRow || !sourceColl) throw notFound('object', q.id);
    source = observablesOf(parseJson(sourceRow.object));
  } else if (q.value !== undefined) {
    if (!q.value.trim()) throw badInput('value', 'the value to correlate is empty');
    const kind = q.kind ?? guessKind(q.value);
    source = [{ kind, value: normalise(kind, q.value) }];
  } else throw badInput('id', 'give an object id or a value');

  const keys = new Set(source.map(observableKey));
  const related = new Map<string, CorrelatedObject>();
  let truncated = false;
  const add = (
    row: StoredRow,
    coll: Collection,
    via: CorrelatedObject['via'],
    shared: string[],
  ) => {
    const obj = parseJson(row.object);
    const lifecycle = lifecycleOf(obj, now, decay);
    if (!shown(lifecycle, !!o.includeInactive)) return;
    if (related.size >= limit) {
      truncated = true;
      return;
    }
    const l = readLabel(labelledObject(obj, row.beside_label));
    related.set(`${coll.id}|${row.id}`, {
      id: row.id,
      type: row.type,
      collection: coll.alias,
      originator: row.originator,
      name: nameOf(obj, row.id),
      label: 'label' in l && l.label ? labelText(l.label) : null,
      lifecycle,
      shared,
      via,
    });
  };

  if (keys.size && colls.length) {
    const visible = await hub.visibleLabels(reader);
    if (visible.length) {
      const db = deps.store.db.withTables<AnalystTables>();
      const cand = new Map<string, Set<string>>();
      const vkeys = [...keys].map(valueKey);
      for (let i = 0; i < vkeys.length; i += 200) {
        const rows = await db
          .selectFrom('intel_observables')
          .select(['collection_id', 'id'])
          .distinct()
          .where('value_key', 'in', vkeys.slice(i, i + 200))
          .where('label_id', 'in', visible)
          .where(
            'collection_id',
            'in',
            colls.map((c) => c.id),
          )
          .limit(limit * 4 + 1)
          .execute();
        for (const r of rows) {
          if (r.id === q.id) continue;
          if (!cand.has(r.collection_id)) cand.set(r.collection_id, new Set());
          cand.get(r.collection_id)!.add(r.id);
        }
      }
      for (const [cid, ids] of cand) {
        const coll = byId.get(cid)!;
        for (const row of await latest(coll, [...ids])) {
          const shared = observablesOf(parseJson(row.object))
            .filter((x) => keys.has(observableKey(x)))
            .map((x) => x.value);
          if (shared.length) add(row, coll, 'observable', shared);
        }
      }
    }
  }

  if (sourceRow && sourceColl) {
    // Relationship neighbours: relationships naming the object (intel_refs), read through the hub, then their far ends.
    const relIds = await hub.relationshipsNaming(sourceColl.id, [sourceRow.id]);
    const rels = relIds.length ? await latest(sourceColl, relIds) : [];
    const ends = new Set<string>();
    for (const r of rels) {
      const rel = parseJson(r.object);
      if (rel.source_ref !== sourceRow.id && rel.target_ref !== sourceRow.id) continue;
      const far = rel.source_ref === sourceRow.id ? rel.target_ref : rel.source_ref;
      if (typeof far === 'string' && far) ends.add(far);
    }
    for (const row of await latest(sourceColl, [...ends]))
      if (!related.has(`${sourceColl.id}|${row.id}`)) add(row, sourceColl, 'relationship', []);
  }

  return {
    source: {
      id: sourceRow?.id ?? null,
      observables: [...keys],
      lifecycle: sourceRow ? lifecycleOf(parseJson(sourceRow.object), now, decay) : null,
    },
    related: [...related.values()],
    truncated,
  };
}
