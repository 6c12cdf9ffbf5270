import { isOneOf } from '../core/objects.js';
import { parseJson } from '../store/json-column.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Answer, Anything, Nullable } from '../core/answers.js';
import { badInput, notFound } from '../core/errors.js';
import { requireMember } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import { allCollections, findCollection, inCollectionCommunity, rightsOn } from './collections.js';
import { hubFor } from './hub-registry.js';
import {
  EVERYONE,
  LABEL_POLICY,
  readLabel,
  labelledObject,
  withLabel,
  isClassification,
  labelText,
} from './labels.js';
import { recipientOf, releasedTo } from './releasability.js';
import type { StoredRow } from './repository.js';
import { TLP2_IDS, TLP_LEVELS } from './stix/marking.js';
import { randomUUID } from '../core/ids.js';
import { lifecycleOf, shown as lifecycleShown, type Lifecycle } from './analyst/lifecycle.js';
import { flagKey, warningFlagsOf, type WarningFlag } from './analyst/warninglists.js';
import { provenanceOf, ProvenanceSchema } from './provenance.js';
import { techniquesOfObject } from './analyst/attack-map.js';
import { bucketOf, bucketWindow } from '../core/buckets.js';

/** A feed item / graph node: an object version as the console lists it. */
const SummarySchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    version: Type.String(),
    dateAdded: Type.String(),
    collection: Type.String(),
    originator: Type.String(),
    name: Type.String(),
    label: Type.Union([Type.String(), Type.Null()]),
    provenance: ProvenanceSchema,
  },
  { additionalProperties: true },
);
const WarningSchema = Type.Object({ list: Type.String(), value: Type.String() });

/**
 * The console's JSON API for intelligence: a feed across the caller's collections, one object with
 * its graph of related objects, sharing a report under a label, and who received what the caller shared.
 * Every read goes through the hub, hence through releasability.ts.
 */
export function consoleRoutes(server: FastifyInstance, deps: Deps): void {
  // Request types come from the route schemas (the TypeBox type provider), not from casts.
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const hub = hubFor(deps);
  const readableCollections = (p: Parameters<typeof rightsOn>[1]) =>
    allCollections(deps.registry).filter((c) => rightsOn(c, p, hub.today(), deps.registry).read);

  /** "Releasable to" entries name states, alliances (by id or short name) or ALL. */
  const checkCommunities = (entries: string[], field: string) => {
    for (const r of entries)
      if (r !== EVERYONE && !deps.registry.state(r) && !deps.registry.allianceNamed(r))
        throw badInput(field, `'${r}' is neither a state nor an alliance`);
  };

  const summarise = (r: StoredRow, collection: string) => {
    const o = parseJson(r.object);
    const l = readLabel(labelledObject(o, r.beside_label));
    return {
      id: r.id,
      type: r.type,
      version: r.version,
      dateAdded: r.date_added,
      collection,
      originator: r.originator,
      name: typeof o.name === 'string' ? o.name : typeof o.value === 'string' ? o.value : r.id,
      label: 'label' in l && l.label ? labelText(l.label) : null,
      // Who originated it, whether the originator's signature holds here, who handed it over (#19.3).
      provenance: provenanceOf(r),
    };
  };

  /** Items with their warning-list flags (`warnings`: empty when none), looked up for the rows already read. */
  const flagged = async <T extends object>(
    xs: { item: T; row: StoredRow }[],
  ): Promise<(T & { warnings: WarningFlag[] })[]> => {
    const flags = await warningFlagsOf(
      deps.store,
      xs.map((x) => x.row),
    );
    return xs.map((x) => ({ ...x.item, warnings: flags.get(flagKey(x.row)) ?? [] }));
  };

  const FeedQuery = Type.Object({
    type: Type.Optional(Type.String()),
    label: Type.Optional(
      Type.String({ description: 'text the label must contain, e.g. GCC or SECRET' }),
    ),
    since: Type.Optional(Type.String({ description: 'added after this ISO time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    include: Type.Optional(
      Type.Literal('inactive', {
        description:
          'also revoked, expired, not-yet-valid and decayed objects (analyst/lifecycle.ts); left out by default',
      }),
    ),
  });
  type FeedQueryT = {
    type?: string;
    label?: string;
    since?: string;
    limit?: number;
    include?: 'inactive';
  };

  /**
   * The newest `limit` visible rows of each readable collection (date_added grows with seq), merged
   * newest first; inactive ones (revoked, expired, decayed) are skipped unless asked for, reading on
   * (at most 20 pages). Every row is read through the hub, hence through releasability.ts.
   */
  const feedRows = async (q: FeedQueryT, principal: Parameters<typeof recipientOf>[0]) => {
    const limit = q.limit ?? 100;
    const now = deps.clock.now().getTime();
    const items: {
      item: ReturnType<typeof summarise> & { lifecycle: Lifecycle };
      row: StoredRow;
    }[] = [];
    for (const c of readableCollections(principal)) {
      let got = 0;
      let next: string | null = null;
      for (let pages = 0; pages < 20 && got < limit; pages++) {
        const page = await hub.page(
          {
            collectionId: c.id,
            types: q.type ? [q.type] : undefined,
            addedAfter: q.since,
            labelContains: q.label || undefined,
            newestFirst: true,
            limit,
            next,
          },
          recipientOf(principal),
        );
        for (const row of page.rows) {
          const lifecycle = lifecycleOf(parseJson(row.object), now);
          if (!lifecycleShown(lifecycle, q.include === 'inactive') || got >= limit) continue;
          got++;
          items.push({ item: { ...summarise(row, c.alias), lifecycle }, row });
        }
        next = page.next;
        if (!next) break;
      }
    }
    items.sort((a, b) => b.item.dateAdded.localeCompare(a.item.dateAdded));
    return items.slice(0, limit);
  };

  app.get(
    '/api/intel/feed',
    {
      schema: {
        tags: ['intel'],
        summary: "Intelligence feed: the latest visible objects across the caller's collections",
        description:
          "Each item names the object, its label and its `provenance` on this node (originator, whether the originator's " +
          'signature verified here, who handed it over), with its `lifecycle` and warning-list flags.',
        response: { 200: Type.Object({ items: Type.Array(SummarySchema) }) },
        querystring: FeedQuery,
      },
    },
    async (req) => {
      requireMember(req.principal);
      const shown = await feedRows(req.query, req.principal);
      await hub.recordReceipts(
        shown.map((s) => s.row),
        req.principal,
        'console',
      );
      return { items: await flagged(shown) };
    },
  );

  app.get(
    '/api/intel/feed/bundle',
    {
      schema: {
        tags: ['intel'],
        summary:
          'The feed as a STIX 2.1 bundle: the same objects GET /api/intel/feed lists for the same filters, in full (as tahaluf intel export writes them)',
        description:
          'Each object as stored, with its label marking; the bundle is a download, so each object is recorded as received by the caller over the channel `export` (Who received what we shared).',
        querystring: FeedQuery,
        response: {
          200: Type.Object(
            {
              type: Type.String({ description: '`bundle`' }),
              id: Type.String(),
              objects: Type.Array(Type.Object({}, { additionalProperties: true })),
            },
            { additionalProperties: true },
          ),
        },
      },
    },
    async (req, reply) => {
      requireMember(req.principal);
      const shown = await feedRows(req.query, req.principal);
      await hub.recordReceipts(
        shown.map((s) => s.row),
        req.principal,
        'export',
      );
      void reply.type('application/stix+json;version=2.1');
      return {
        type: 'bundle',
        id: `bundle--${randomUUID()}`,
        objects: shown.map((s) => parseJson(s.row.object)),
      };
    },
  );

  /** Rows read per collection for the volume chart before it says the count is cut short. */
  const VOLUME_MAX_ROWS = 50_000;
  app.get(
    '/api/intel/volume',
    {
      schema: {
        tags: ['intel'],
        summary:
          "Intelligence volume over time (the console's chart, #13.11): how many objects the caller may see were shared per day or ISO week (UTC), across the caller's collections",
        description:
          'Counted over exactly what GET /api/intel/feed?include=inactive lists: each visible object once (its latest visible version), ' +
          "by the day that version was added here, read through the hub (collection rights and label releasability on the node's day). " +
          'Nothing the caller may not see is counted. Counts reveal no content, so no receipt is recorded. ' +
          '`truncated` is true when a collection held more than 50,000 visible objects in the window (the newest were counted).',
        querystring: Type.Object({
          interval: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')])),
          periods: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 366,
              description: 'buckets ending with the current one; default 30 days or 12 weeks',
            }),
          ),
        }),
        response: {
          200: Answer({
            interval: Type.String(),
            from: Type.String({ description: 'first day counted (UTC)' }),
            to: Type.String({ description: 'last day counted (UTC)' }),
            total: Type.Integer(),
            truncated: Type.Boolean(),
            buckets: Type.Array(
              Answer({
                start: Type.String({ description: 'first day of the bucket' }),
                count: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      requireMember(req.principal);
      const interval = req.query.interval ?? 'day';
      const periods = req.query.periods ?? (interval === 'day' ? 30 : 12);
      const { starts, from, to } = bucketWindow(interval, periods, hub.today());
      const counts = new Map(starts.map((s) => [s, 0]));
      // date_added has six fractional digits: "after the last microsecond of the day before".
      const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10);
      const addedAfter = `${dayBefore}T23:59:59.999999Z`;
      let truncated = false;
      for (const c of readableCollections(req.principal)) {
        let next: string | null = null;
        let read = 0;
        for (;;) {
          const page = await hub.page(
            { collectionId: c.id, addedAfter, newestFirst: true, limit: 500, next },
            recipientOf(req.principal),
          );
          for (const row of page.rows) {
            const b = bucketOf(row.date_added, interval);
            const n = counts.get(b);
            if (n !== undefined && row.date_added.slice(0, 10) <= to) counts.set(b, n + 1);
          }
          read += page.rows.length;
          next = page.next;
          if (!next) break;
          if (read >= VOLUME_MAX_ROWS) {
            truncated = true;
            break;
          }
        }
      }
      const buckets = starts.map((start) => ({ start, count: counts.get(start) ?? 0 }));
      return {
        interval,
        from,
        to,
        total: buckets.reduce((a, b) => a + b.count, 0),
        truncated,
        buckets,
      };
    },
  );

  app.get(
    '/api/intel/search',
    {
      schema: {
        tags: ['intel'],
        summary:
          "Search the objects visible to the caller by name, description or STIX id (the console's one search, #13.11)",
        description:
          'Reads through the hub like the feed, so an object the caller may not read (label, collection) is never matched. The store is queried for rows whose text contains the words (newest first, in pages of at most 200, at most 10 pages per collection), each candidate is then checked on its name, description, value and id. Like the feed, revoked, expired, not-yet-valid and decayed objects are left out unless `include=inactive`; each item says its `lifecycle`. At most `limit` returned, `more` when there were others; a receipt is recorded for each one returned.',
        querystring: Type.Object({
          q: Type.String({
            minLength: 2,
            maxLength: 100,
            description: 'text to find (case-insensitive)',
          }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          include: Type.Optional(
            Type.Literal('inactive', {
              description: 'also revoked, expired, not-yet-valid and decayed objects (marked)',
            }),
          ),
        }),
        response: { 200: Answer({ items: Type.Array(SummarySchema), more: Type.Boolean() }) },
      },
    },
    async (req) => {
      requireMember(req.principal);
      const needle = req.query.q.trim().toLowerCase();
      if (needle.length < 2) throw badInput('q', 'must have at least 2 characters besides spaces');
      const limit = req.query.limit ?? 20;
      const includeInactive = req.query.include === 'inactive';
      const now = deps.clock.now().getTime();
      const found: {
        item: ReturnType<typeof summarise> & { lifecycle: Lifecycle };
        row: StoredRow;
      }[] = [];
      let truncated = false;
      for (const c of readableCollections(req.principal)) {
        let got = 0;
        let next: string | null = null;
        // One more than `limit` per collection tells whether there are more; pages bound the work per request.
        for (let pages = 0; pages < 10 && got <= limit; pages++) {
          const page = await hub.page(
            {
              collectionId: c.id,
              newestFirst: true,
              textContains: needle,
              limit: Math.min(200, limit + 1 - got),
              next,
            },
            recipientOf(req.principal),
          );
          for (const row of page.rows) {
            const o = parseJson(row.object);
            const text = [o.name, o.description, o.value, row.id]
              .filter((x): x is string => typeof x === 'string')
              .join('\n')
              .toLowerCase();
            if (!text.includes(needle)) continue;
            const lifecycle = lifecycleOf(o, now);
            if (!lifecycleShown(lifecycle, includeInactive)) continue;
            got++;
            found.push({ item: { ...summarise(row, c.alias), lifecycle }, row });
          }
          next = page.next;
          if (!next) break;
        }
        if (next && got <= limit) truncated = true;
      }
      found.sort((a, b) => b.item.dateAdded.localeCompare(a.item.dateAdded));
      const shown = found.slice(0, limit);
      await hub.recordReceipts(
        shown.map((s) => s.row),
        req.principal,
        'console',
      );
      return {
        items: await flagged(shown),
        more: found.length > shown.length || truncated,
      };
    },
  );

  app.get(
    '/api/intel/objects/:id',
    {
      schema: {
        tags: ['intel'],
        summary: 'One object (latest visible version) with its graph of related objects',
        description:
          "The object as stored (its bytes are the originator's; the signature travels beside it), its collection, its " +
          '`provenance` on this node (originator, signature status and signer key, the signed envelope, who handed it over), ' +
          'warning-list flags, and a graph of the related objects the caller may see (each node with its own provenance). ' +
          '404 when the object is missing or not visible.',
        params: Type.Object({ id: Type.String() }),
        response: {
          200: Type.Object({
            object: Type.Record(Type.String(), Type.Unknown()),
            collection: Type.String(),
            provenance: ProvenanceSchema,
            techniques: Type.Array(
              Type.Object({
                techniqueId: Type.String(),
                name: Type.Union([Type.String(), Type.Null()]),
                tactics: Type.Array(Type.String()),
                via: Type.Array(Type.String()),
              }),
              {
                description:
                  'ATT&CK techniques the object is mapped to, by mappings the caller may see (docs/intel.md "ATT&CK mapping")',
              },
            ),
            warnings: Type.Array(WarningSchema),
            nodes: Type.Array(SummarySchema),
            edges: Type.Array(
              Type.Object({ source: Type.String(), target: Type.String(), type: Type.String() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      requireMember(req.principal);
      const { id } = req.params;
      const who = recipientOf(req.principal);
      const colls = readableCollections(req.principal);
      let found: { row: StoredRow; coll: string } | null = null;
      for (const c of colls) {
        const p = await hub.page({ collectionId: c.id, ids: [id], limit: 1 }, who);
        if (p.rows.length) {
          found = { row: p.rows[0], coll: c.alias };
          break;
        }
      }
      if (!found) throw notFound('object', id);
      await hub.recordReceipts([found.row], req.principal, 'console');
      const obj = parseJson(found.row.object);
      const refs = new Set<string>(
        Array.isArray(obj.object_refs)
          ? obj.object_refs.filter((ref): ref is string => typeof ref === 'string')
          : [],
      );
      const nodes = new Map<string, ReturnType<typeof summarise>>([
        [id, summarise(found.row, found.coll)],
      ]);
      const edges: { source: string; target: string; type: string }[] = [...refs].map((r) => ({
        source: id,
        target: r,
        type: 'refers-to',
      }));
      const shownRows: StoredRow[] = []; // related objects whose name and label the graph shows: receipts too
      for (const c of colls) {
        if (refs.size) {
          const p = await hub.page({ collectionId: c.id, ids: [...refs], limit: 500 }, who);
          for (const r of p.rows) {
            nodes.set(r.id, summarise(r, c.alias));
            shownRows.push(r);
          }
        }
        // Relationships naming the object or what it refers to, found by index (intel_refs), then read as the
        // caller may see them (latest visible version); the ends are checked again below.
        const candidates = await hub.relationshipsNaming(c.id, [id, ...refs]);
        if (!candidates.length) continue;
        const rels = await hub.page(
          { collectionId: c.id, ids: candidates, types: ['relationship'], limit: 1000 },
          who,
        );
        for (const r of rels.rows) {
          // Stored relationships passed STIX validation: their ends and type are strings.
          const {
            source_ref: source,
            target_ref: target,
            relationship_type: type,
          } = parseJson(r.object);
          if (typeof source !== 'string' || typeof target !== 'string' || typeof type !== 'string')
            continue;
          if (source === id || target === id || refs.has(source))
            edges.push({ source, target, type });
        }
      }
      // The far ends of those relationships (e.g. the malware an indicator indicates) become nodes too, if visible.
      const far = [
        ...new Set(edges.flatMap((e) => [e.source, e.target]).filter((x) => !nodes.has(x))),
      ];
      for (const c of far.length ? colls : []) {
        const p = await hub.page({ collectionId: c.id, ids: far, limit: 1000 }, who);
        for (const r of p.rows)
          if (!nodes.has(r.id)) {
            nodes.set(r.id, summarise(r, c.alias));
            shownRows.push(r);
          }
      }
      await hub.recordReceipts(shownRows, req.principal, 'console');
      // Only objects the caller may see become nodes; edges to unseen ends are dropped (no hint they exist).
      return {
        object: obj,
        collection: found.coll,
        provenance: provenanceOf(found.row),
        techniques: await techniquesOfObject(deps, req.principal, found.row),
        // Warning lists this version matched when it was stored (e.g. a public resolver): shown, not hidden.
        warnings: (await warningFlagsOf(deps.store, [found.row])).get(flagKey(found.row)) ?? [],
        nodes: [...nodes.values()],
        edges: edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)),
      };
    },
  );

  app.get(
    '/api/intel/options',
    {
      schema: {
        tags: ['intel'],
        summary: 'Collections the caller may write and communities for the label picker',
        response: {
          200: Answer({
            collections: Type.Array(Answer({ alias: Type.String(), title: Type.String() })),
            communities: Type.Array(
              Answer({
                value: Type.String(),
                text: Type.String(),
                kind: Type.String(),
                name: Type.String(),
              }),
            ),
            classifications: Type.Array(Type.String()),
            tlp: Anything('TLP 2.0 levels offered'),
          }),
        },
      },
    },
    async (req) => {
      requireMember(req.principal);
      return {
        collections: allCollections(deps.registry)
          .filter((c) => rightsOn(c, req.principal, hub.today(), deps.registry).write)
          .map((c) => ({ alias: c.alias, title: c.title })),
        communities: [
          ...deps.registry
            .alliances()
            .filter((a) => a.status === 'in_force')
            .map((a) => ({
              value: a.id,
              text: `${a.short || a.name} (alliance)`,
              kind: 'alliance' as const,
              name: a.name,
            })),
          ...deps.registry.states().map((s) => ({
            value: s.iso3,
            text: `${s.iso3} ${s.nameEn}`,
            kind: 'state' as const,
            name: s.nameEn,
          })),
        ],
        classifications: ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'],
        tlp: TLP_LEVELS,
      };
    },
  );

  app.get(
    '/api/intel/release-preview',
    {
      schema: {
        tags: ['intel'],
        summary:
          'Which member states would receive a report the caller shares in a collection under a "Releasable to" list, today',
        description:
          "The label picker's preview, computed by releasability.ts (the function every read uses) on the node's day: " +
          'alliances resolve to their active, unsuspended members. `members` are the states the label releases to that also read the ' +
          'collection; `outsideCollection` are states the label names that do not (they will not see the report there). A reader also ' +
          'needs a clearance reaching the classification, which is per user and not checked here.',
        querystring: Type.Object({
          collection: Type.String({ description: 'collection id or alias, e.g. gcc' }),
          releasableTo: Type.Optional(
            Type.String({
              description: 'comma-separated ISO3 codes and alliance ids, e.g. GCC,PAK',
            }),
          ),
        }),
        response: {
          200: Answer({
            day: Type.String(),
            originator: Type.String(),
            collection: Type.String(),
            members: Type.Array(Answer({ iso3: Type.String(), name: Type.String() })),
            outsideCollection: Type.Array(Answer({ iso3: Type.String(), name: Type.String() })),
            entries: Type.Array(
              Answer({ entry: Type.String(), members: Type.Array(Type.String()) }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const member = requireMember(req.principal);
      const q = req.query;
      const coll = findCollection(deps.registry, q.collection);
      if (!coll || !rightsOn(coll, req.principal, hub.today(), deps.registry).write)
        throw notFound('collection', q.collection);
      const entries = [
        ...new Set(
          (q.releasableTo ?? '')
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      checkCommunities(entries, 'query/releasableTo');
      const day = hub.today();
      const label = { releasableTo: entries, originator: member };
      const named = deps.registry
        .states()
        .map((s) => s.iso3)
        .filter((m) => releasedTo(label, m, day, hub.resolver))
        .sort();
      const state = (iso3: string) => ({ iso3, name: deps.registry.state(iso3)?.nameEn ?? iso3 });
      return {
        day,
        originator: member,
        collection: coll.alias,
        members: named.filter((m) => inCollectionCommunity(coll, m, day, deps.registry)).map(state),
        outsideCollection: named
          .filter((m) => !inCollectionCommunity(coll, m, day, deps.registry))
          .map(state),
        entries: entries.map((entry) => ({ entry, members: [...hub.resolver(entry, day)].sort() })),
      };
    },
  );

  app.post(
    '/api/intel/share',
    {
      schema: {
        tags: ['intel'],
        summary: 'Share a report under a confidentiality label',
        body: Type.Object({
          collection: Type.String(),
          name: Type.String({ minLength: 1 }),
          description: Type.Optional(Type.String()),
          classification: Type.String(),
          releasableTo: Type.Array(Type.String(), { minItems: 0 }),
          tlp: Type.Optional(Type.String()),
          objectRefs: Type.Optional(Type.Array(Type.String())),
        }),
        response: { 201: Answer({ id: Type.String(), status: Anything() }) },
      },
    },
    async (req, reply) => {
      const member = requireMember(req.principal);
      const b = req.body;
      // The label picker and docs write TLP levels in upper case ("AMBER"); STIX marking names are lower case.
      const tlp = b.tlp?.toLowerCase();
      const coll = findCollection(deps.registry, b.collection);
      if (!coll || !rightsOn(coll, req.principal, hub.today(), deps.registry).write)
        throw notFound('collection', b.collection);
      if (!isClassification(b.classification))
        throw badInput('body/classification', 'classification is not one of the policy levels');
      if (tlp !== undefined && !isOneOf(TLP_LEVELS, tlp))
        throw badInput('body/tlp', `tlp must be one of ${TLP_LEVELS.join(', ')}`);
      checkCommunities(b.releasableTo, 'body/releasableTo');
      const now = deps.clock.now().toISOString();
      const id = `report--${randomUUID()}`;
      const identity = `identity--${randomUUID()}`;
      const report: Record<string, unknown> = {
        type: 'report',
        spec_version: '2.1',
        id,
        created: now,
        modified: now,
        name: b.name,
        published: now,
        ...(b.description ? { description: b.description } : {}),
        object_refs: b.objectRefs?.length ? b.objectRefs : [identity],
        report_types: ['threat-report'],
        ...(tlp ? { object_marking_refs: [TLP2_IDS[tlp]] } : {}),
      };
      const labelled = withLabel(report, {
        policy: LABEL_POLICY,
        classification: b.classification,
        releasableTo: [...new Set(b.releasableTo)].sort(),
        originator: member,
        createdAt: now,
        tlp: tlp ?? null,
      });
      const objects: unknown[] = [labelled];
      if (!b.objectRefs?.length)
        objects.unshift(
          withLabel(
            {
              type: 'identity',
              spec_version: '2.1',
              id: identity,
              created: now,
              modified: now,
              name: `${member} reporting office`,
              identity_class: 'organization',
            },
            {
              policy: LABEL_POLICY,
              classification: b.classification,
              releasableTo: [...new Set(b.releasableTo)].sort(),
              originator: member,
              createdAt: now,
              tlp: tlp ?? null,
            },
          ),
        );
      const status = await hub.ingest(coll, objects, req.principal, 'console');
      if (status.failure_count) {
        // The identity and the report carry the same label, so they fail for the same reason: say it once.
        const messages = [...new Set(status.failures.map((f) => f.message ?? 'refused'))];
        const field = messages.some((m) => m.includes('clearance') || m.includes('classification'))
          ? 'body/classification'
          : 'body';
        throw badInput(field, messages.join('; '));
      }
      return reply.code(201).send({ id, status });
    },
  );

  app.get(
    '/api/intel/receipts',
    {
      schema: {
        tags: ['intel'],
        summary: "Who received the objects the caller's member shared",
        response: {
          200: Answer({
            receipts: Type.Array(
              Answer({
                objectId: Type.String(),
                name: Nullable(Type.String()),
                type: Type.String(),
                recipient: Type.String(),
                user: Anything(),
                channel: Anything(),
                at: Anything(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const member = requireMember(req.principal);
      const rows = await hub.receipts(member, 500);
      // Name each object as the caller sees it (its own objects, unless above the user's clearance: then the id alone).
      const names = new Map<string, { name: string; type: string }>();
      const ids = [...new Set(rows.map((r) => r.object_id))];
      if (ids.length) {
        for (const c of readableCollections(req.principal)) {
          const page = await hub.page(
            { collectionId: c.id, ids, limit: 1000 },
            recipientOf(req.principal),
          );
          for (const r of page.rows)
            if (!names.has(r.id)) {
              const x = summarise(r, c.alias);
              names.set(r.id, { name: x.name, type: x.type });
            }
        }
      }
      return {
        receipts: rows.map((r) => ({
          objectId: r.object_id,
          name: names.get(r.object_id)?.name ?? null,
          type: names.get(r.object_id)?.type ?? r.object_id.split('--')[0],
          recipient: r.recipient,
          user: r.recipient_user,
          channel: r.channel,
          at: r.first_at,
        })),
      };
    },
  );
}
