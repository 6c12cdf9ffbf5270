import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import { badInput } from '../../core/errors.js';
import type { Principal } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { allCollections, nameUuid, rightsOn, type Collection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { labelText, readLabel, type ConfidentialityLabel } from '../labels.js';
import { mayPost, recipientOf } from '../releasability.js';
import type { StoredRow } from '../repository.js';
import { parseJson } from '../../store/json-column.js';
import { isObj } from '../stix/checks.js';
import { planImport, type ImportPlan, type MispEvent } from './import.js';
import { DEFAULT_LABEL_MAP, distributionOf, resolveLabelMap, type LabelMap } from './label-map.js';
import { categoryOf, mispOfPattern } from './types.js';

export interface ImportResult extends ImportPlan {
  stored: number;
  alreadyPresent: number;
}

/**
 * Imports MISP events as `who` (the originator of every object) into `coll`. All or nothing: the plan is
 * built and checked whole (format, types, distributions, labels, STIX validity, the poster's right to
 * post each label, clashes with stored versions the poster can see) before one ingest stores it in one
 * transaction.
 */
export async function importMisp(
  deps: Deps,
  events: MispEvent[],
  who: Principal,
  coll: Collection,
  map: LabelMap = DEFAULT_LABEL_MAP,
  onEvent?: (i: number) => void,
): Promise<ImportResult> {
  const member = who.member;
  if (!member) throw badInput('--as', 'only a member state may import intelligence');
  const hub = hubFor(deps);
  const day = hub.today();
  const rm = resolveLabelMap(map, coll.community, member, day, hub.resolver);
  const plan = planImport(events, rm, member, onEvent);
  for (const o of plan.objects) {
    const read = readLabel(o);
    const l = 'label' in read ? read.label : null;
    const refusal = l ? mayPost(l, recipientOf(who), day, hub.resolver) : 'no label';
    if (refusal) throw badInput('--as', `${String(o.id)}: ${refusal}`);
  }
  // A stored version of the same id with other content (a MISP attribute edited without a new timestamp).
  const byId = new Map(plan.objects.map((o) => [String(o.id), o]));
  const ids = [...byId.keys()];
  let alreadyPresent = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const page = await hub.page(
      { collectionId: coll.id, ids: ids.slice(i, i + 500), versions: ['all'], limit: 100_000 },
      recipientOf(who),
    );
    for (const r of page.rows) {
      const mine = byId.get(r.id);
      if (!mine || r.version !== mine.modified) continue;
      if (canonicalJson(parseJson(r.object)) !== canonicalJson(mine))
        throw badInput(
          'misp',
          `${r.id} (MISP ${String(mine.x_misp_attribute_uuid ?? mine.x_misp_event_uuid)}) version ${r.version} is already stored with other content: change its timestamp in MISP to import a new version`,
        );
      alreadyPresent++;
    }
  }
  if (!plan.objects.length) return { ...plan, stored: 0, alreadyPresent };
  const st = await hub.ingest(coll, plan.objects, who, 'misp');
  if (st.failure_count)
    // Only a race with another writer can get here (everything above was checked first).
    throw badInput(
      'misp',
      `${st.failure_count} objects refused while storing: ${st.failures
        .slice(0, 5)
        .map((f) => `${f.id}: ${f.message ?? ''}`)
        .join('; ')}`,
    );
  return { ...plan, stored: st.success_count - alreadyPresent, alreadyPresent };
}

export interface MispAttributeOut {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  distribution: string;
  SharingGroup?: { uuid: string };
  timestamp: string;
  comment: string;
  Tag: { name: string }[];
}

export interface MispEventOut {
  uuid: string;
  info: string;
  date: string;
  timestamp: string;
  publish_timestamp: string;
  published: boolean;
  analysis: string;
  threat_level_id: string;
  distribution: string;
  SharingGroup?: { uuid: string };
  Orgc: { name: string; uuid: string };
  Tag: { name: string }[];
  Attribute: MispAttributeOut[];
}

export interface MispFeed {
  manifest: Record<
    string,
    Omit<
      MispEventOut,
      'Attribute' | 'SharingGroup' | 'distribution' | 'published' | 'publish_timestamp' | 'uuid'
    >
  >;
  events: MispEventOut[];
  /** hashes.csv lines: md5 of each attribute value (each part of a composite one), event uuid. */
  hashes: string[];
  /** Visible indicators whose pattern has no MISP form (not exported). */
  notRepresentable: number;
}

const secs = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));
const uuidOf = (stixId: string) => stixId.slice(stixId.indexOf('--') + 2);
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * What `who` may see, as a MISP feed: one event per visible report (with the visible indicators it
 * names) and, per collection and label, one event for the other visible indicators. Each attribute and
 * event carries the MISP distribution its label maps back to (never wider: `distributionOf`) and its
 * TLP as a `tlp:` tag, with the label as `tahaluf:` tags. Revoked objects are left out.
 */
export async function exportMisp(
  deps: Deps,
  who: Principal,
  map: LabelMap = DEFAULT_LABEL_MAP,
): Promise<MispFeed> {
  const hub = hubFor(deps);
  const day = hub.today();
  const recipient = recipientOf(who);
  const events: MispEventOut[] = [];
  let notRepresentable = 0;
  const colls = allCollections(deps.registry).filter(
    (c) => rightsOn(c, who, day, deps.registry).read,
  );
  for (const coll of colls) {
    const rows: StoredRow[] = [];
    let next: string | null = null;
    do {
      const page = await hub.page(
        { collectionId: coll.id, types: ['indicator', 'report'], limit: 1000, next },
        recipient,
      );
      rows.push(...page.rows);
      next = page.next;
    } while (next);
    await hub.recordReceipts(rows, who, 'misp-export');
    const objs = rows
      .map((r) => ({ row: r, obj: parseJson(r.object) }))
      .filter((x) => isObj(x.obj) && x.obj.revoked !== true);
    const tagsOf = (l: ConfidentialityLabel) => [
      ...(l.tlp ? [{ name: `tlp:${l.tlp}` }] : []),
      { name: `tahaluf:classification="${l.classification}"` },
      ...l.releasableTo.map((r) => ({ name: `tahaluf:releasable-to="${r}"` })),
      { name: `tahaluf:originator="${l.originator}"` },
    ];
    const distOf = (l: ConfidentialityLabel) => {
      const rm = resolveLabelMap(map, coll.community, l.originator, day, hub.resolver);
      return distributionOf(rm, l.releasableTo, rm.reach(l.releasableTo));
    };
    const attrOf = (obj: Record<string, unknown>): MispAttributeOut | null => {
      const l = readLabel(obj);
      if (!('label' in l) || !l.label || typeof obj.pattern !== 'string') return null;
      const m = obj.pattern_type === 'stix' ? mispOfPattern(obj.pattern, obj.x_misp_type) : null;
      if (!m) {
        notRepresentable++;
        return null;
      }
      const d = distOf(l.label);
      return {
        uuid:
          typeof obj.x_misp_attribute_uuid === 'string'
            ? obj.x_misp_attribute_uuid
            : uuidOf(String(obj.id)),
        type: m.type,
        category:
          typeof obj.x_misp_category === 'string' ? obj.x_misp_category : categoryOf(m.type),
        value: m.value,
        to_ids: obj.x_misp_to_ids !== false,
        distribution: String(d.distribution),
        ...(d.sharingGroup ? { SharingGroup: { uuid: d.sharingGroup } } : {}),
        timestamp: secs(String(obj.modified)),
        comment: typeof obj.description === 'string' ? obj.description : '',
        Tag: tagsOf(l.label),
      };
    };
    const indicators = new Map(
      objs.filter((x) => x.row.type === 'indicator').map((x) => [x.row.id, x.obj]),
    );
    const labelIdOf = new Map(objs.map((x) => [x.row.id, x.row.label_id]));
    const used = new Set<string>();
    const eventOf = (
      uuid: string,
      info: string,
      l: ConfidentialityLabel,
      at: string,
      attrs: MispAttributeOut[],
    ): MispEventOut => {
      const d = distOf(l);
      const ts = attrs.reduce(
        (m, a) => (Number(a.timestamp) > Number(m) ? a.timestamp : m),
        secs(at),
      );
      return {
        uuid,
        info,
        date: at.slice(0, 10),
        timestamp: ts,
        publish_timestamp: ts,
        published: true,
        analysis: '2',
        threat_level_id: '4',
        distribution: String(d.distribution),
        ...(d.sharingGroup ? { SharingGroup: { uuid: d.sharingGroup } } : {}),
        Orgc: { name: l.originator, uuid: nameUuid(`state:${l.originator}`) },
        Tag: tagsOf(l),
        Attribute: attrs,
      };
    };
    for (const { row, obj } of objs) {
      if (row.type !== 'report' || !Array.isArray(obj.object_refs)) continue;
      const l = readLabel(obj);
      if (!('label' in l) || !l.label) continue;
      const attrs: MispAttributeOut[] = [];
      for (const ref of obj.object_refs) {
        const ind = typeof ref === 'string' ? indicators.get(ref) : undefined;
        if (!ind) continue;
        used.add(String(ref));
        const a = attrOf(ind);
        if (a) attrs.push(a);
      }
      if (!attrs.length) continue;
      events.push(
        eventOf(
          typeof obj.x_misp_event_uuid === 'string' ? obj.x_misp_event_uuid : uuidOf(row.id),
          typeof obj.name === 'string' ? obj.name : row.id,
          l.label,
          String(obj.published ?? obj.created),
          attrs,
        ),
      );
    }
    // Indicators no visible report names: one event per label.
    const byLabel = new Map<
      string,
      { label: ConfidentialityLabel; attrs: MispAttributeOut[]; at: string }
    >();
    for (const [id, ind] of indicators) {
      if (used.has(id)) continue;
      const l = readLabel(ind);
      if (!('label' in l) || !l.label) continue;
      const a = attrOf(ind);
      if (!a) continue;
      const rowLabel = labelIdOf.get(id) ?? '';
      const g = byLabel.get(rowLabel) ?? { label: l.label, attrs: [], at: String(ind.created) };
      g.attrs.push(a);
      if (String(ind.created) < g.at) g.at = String(ind.created);
      byLabel.set(rowLabel, g);
    }
    for (const [labelId, g] of byLabel)
      events.push(
        eventOf(
          nameUuid(`misp-export:${coll.id}:${labelId}`),
          `Tahaluf ${coll.alias}: indicators ${labelText(g.label)}`,
          g.label,
          g.at,
          g.attrs,
        ),
      );
  }
  // An event seen in two collections (the same report shared in both) is one event with both's attributes.
  const merged = new Map<string, MispEventOut>();
  for (const e of events) {
    const prior = merged.get(e.uuid);
    if (!prior) merged.set(e.uuid, e);
    else
      for (const a of e.Attribute)
        if (!prior.Attribute.some((p) => p.uuid === a.uuid)) prior.Attribute.push(a);
  }
  const manifest: MispFeed['manifest'] = {};
  const hashes: string[] = [];
  for (const e of merged.values()) {
    manifest[e.uuid] = {
      info: e.info,
      date: e.date,
      timestamp: e.timestamp,
      analysis: e.analysis,
      threat_level_id: e.threat_level_id,
      Orgc: e.Orgc,
      Tag: e.Tag,
    };
    for (const a of e.Attribute) {
      const parts = a.type.includes('|') ? a.value.split('|') : [a.value];
      for (const p of parts) hashes.push(`${md5(p)},${e.uuid}`);
    }
  }
  return { manifest, events: [...merged.values()], hashes, notRepresentable };
}
