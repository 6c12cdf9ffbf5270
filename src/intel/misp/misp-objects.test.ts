import { afterAll, describe, expect, it } from 'vitest';
import { hubFor } from '../hub-registry.js';
import { EVERYONE, LABEL_POLICY, readLabel, withLabel } from '../labels.js';
import type { Classification } from '../../runtime/auth.js';
import { useIntelEnv } from '../testing.js';
import {
  attr,
  collectionOf,
  labelled,
  mispSteps,
  principal,
  tempDirs,
  uuid,
  visibleObjects,
  writeFeed,
  writeJson,
} from './misp.test-support.js';

/**
 * MISP objects mapped as a whole where their template fits (#19.6): a `file` object is one `file` SCO
 * (name and hashes), a `domain-ip` object a `domain-name` resolving to its addresses, any other object an
 * observed-data of one SCO per attribute; exported back as the same MISP objects. STIX observed-data made
 * outside MISP are exported as the MISP objects whose template fits their SCOs.
 */
const temp = tempDirs();
afterAll(temp.clean);

const FILE_OBS = '1f0a4b2c-3d5e-4f60-8a71-b2c3d4e5f601';
const FILE_IND = '2e1b5c3d-4e6f-4071-9b82-c3d4e5f60712';
const DOMAIN_IP = '3d2c6d4e-5f70-4182-8c93-d4e5f6071823';
const GENERIC = '4c3d7e5f-6071-4293-9da4-e5f607182934';
const EVENT = '5b4e8f60-7182-43a4-8eb5-f60718293a45';

const obs = { to_ids: false };
const objectsEvent = () => ({
  Event: {
    uuid: EVENT,
    info: 'Loader and its infrastructure (objects)',
    date: '2026-01-06',
    timestamp: '1767657600',
    distribution: '1',
    Object: [
      {
        uuid: FILE_OBS,
        name: 'file',
        'meta-category': 'file',
        timestamp: '1767657600',
        Attribute: [
          attr('filename', 'loader.dll', { ...obs, object_relation: 'filename' }),
          attr('md5', '1'.repeat(32), { ...obs, object_relation: 'md5' }),
          attr('sha256', '2'.repeat(64), { ...obs, object_relation: 'sha256' }),
        ],
      },
      {
        uuid: FILE_IND,
        name: 'file',
        'meta-category': 'file',
        timestamp: '1767657600',
        Attribute: [
          attr('filename', 'stage2.exe', { object_relation: 'filename' }),
          attr('sha1', '3'.repeat(40), { object_relation: 'sha1' }),
        ],
      },
      {
        uuid: DOMAIN_IP,
        name: 'domain-ip',
        'meta-category': 'network',
        timestamp: '1767657600',
        Attribute: [
          attr('domain', 'cdn.loader.example', { ...obs, object_relation: 'domain' }),
          attr('ip-dst', '192.0.2.10', { ...obs, object_relation: 'ip' }),
          attr('ip-dst', '2001:db8::10', { ...obs, object_relation: 'ip' }),
        ],
      },
      {
        // No template Tahaluf maps as a whole: one SCO per attribute.
        uuid: GENERIC,
        name: 'ip-port',
        'meta-category': 'network',
        timestamp: '1767657600',
        Attribute: [
          attr('ip-dst', '192.0.2.20', { ...obs, object_relation: 'ip' }),
          attr('hostname', 'gate.loader.example', { ...obs, object_relation: 'hostname' }),
        ],
      },
    ],
  },
});

const shape = (
  l: { uuid: string; type: string; object_relation?: unknown; value: string; to_ids: boolean }[],
) => l.map((a) => JSON.stringify([a.uuid, a.type, a.object_relation, a.value, a.to_ids])).sort();

describe('MISP objects as a whole', () => {
  const env = useIntelEnv('sqlite');
  const gcc = () => collectionOf(env, 'gcc');
  const { importAs, exportFor } = mispSteps(env);
  const event = objectsEvent();

  it('a file object is one file SCO, a domain-ip a domain resolving to its addresses, another object one SCO per attribute', async () => {
    const r = await importAs('SAU', writeJson(temp.dir(), 'objects.json', event));
    expect(r).toMatchObject({ mispObjects: 4, indicators: 1, observedData: 3 });
    const objs = await visibleObjects(env, gcc(), 'SAU');
    const byId = (id: unknown) => objs.find((o) => o.id === id);
    const refsOf = (id: string) => {
      const od = byId(id);
      return (Array.isArray(od?.object_refs) ? od.object_refs : []).map(byId);
    };
    const body = (o: Record<string, unknown> | undefined) =>
      o &&
      Object.fromEntries(Object.entries(o).filter(([k]) => !['id', 'x_tahaluf_label'].includes(k)));

    const [file, ...noOther] = refsOf(`observed-data--${FILE_OBS}`);
    expect(noOther).toEqual([]);
    expect(body(file)).toMatchObject({
      type: 'file',
      name: 'loader.dll',
      hashes: { MD5: '1'.repeat(32), 'SHA-256': '2'.repeat(64) },
    });

    const net = refsOf(`observed-data--${DOMAIN_IP}`);
    expect(net.map((o) => o?.type)).toEqual(['domain-name', 'ipv4-addr', 'ipv6-addr']);
    expect(net[0]).toMatchObject({ value: 'cdn.loader.example' });
    expect(net[0]?.resolves_to_refs).toEqual([net[1]?.id, net[2]?.id]);
    expect(net.slice(1).map((o) => o?.value)).toEqual(['192.0.2.10', '2001:db8::10']);

    const generic = refsOf(`observed-data--${GENERIC}`);
    expect(generic.map((o) => [o?.type, o?.value])).toEqual([
      ['ipv4-addr', '192.0.2.20'],
      ['domain-name', 'gate.loader.example'],
    ]);
    expect(generic[1]?.resolves_to_refs).toBeUndefined();

    // The indicator of a file object: one observation of one file.
    expect(byId(`indicator--${FILE_IND}`)?.pattern).toBe(
      `[file:name = 'stage2.exe' AND file:hashes.'SHA-1' = '${'3'.repeat(40)}']`,
    );
  });

  it('round trip: exported, the same objects (uuids, types, relations, values); imported again, all is already present', async () => {
    const feed = await exportFor('SAU');
    const ev = feed.events.find((e) => e.uuid === EVENT);
    for (const src of event.Event.Object) {
      const out = ev?.Object?.find((o) => o.uuid === src.uuid);
      expect(out, src.name).toMatchObject({
        name: src.name,
        'meta-category': src['meta-category'],
      });
      expect(shape(out?.Attribute ?? [])).toEqual(shape(src.Attribute));
    }
    const again = await importAs('SAU', writeFeed(temp.dir(), feed));
    // 1 indicator, 3 observed-data, 6 SCOs (file, domain, 2 addresses, address, hostname), 1 report.
    expect(again).toMatchObject({ stored: 0, alreadyPresent: 11 });
  });

  it('observed-data made in STIX are exported as the MISP objects their SCOs fit, and import back as such', async () => {
    const sco = (o: Record<string, unknown>) => labelled(o, 'QAT', ['GCC']);
    const ip = sco({ type: 'ipv4-addr', id: `ipv4-addr--${uuid()}`, value: '198.51.100.77' });
    const domain = sco({
      type: 'domain-name',
      id: `domain-name--${uuid()}`,
      value: 'native.example',
      resolves_to_refs: [ip.id],
    });
    const file = sco({
      type: 'file',
      id: `file--${uuid()}`,
      name: 'native.bin',
      hashes: { 'SHA-256': '4'.repeat(64), MD5: '5'.repeat(32) },
    });
    const mutex = sco({ type: 'mutex', id: `mutex--${uuid()}`, name: 'Global\\native' });
    const od = labelled(
      {
        type: 'observed-data',
        spec_version: '2.1',
        id: `observed-data--${uuid()}`,
        created: '2026-01-07T00:00:00.000Z',
        modified: '2026-01-07T00:00:00.000Z',
        first_observed: '2026-01-07T00:00:00.000Z',
        last_observed: '2026-01-07T00:00:00.000Z',
        number_observed: 1,
        object_refs: [file.id, domain.id, ip.id, mutex.id],
      },
      'QAT',
      ['GCC'],
    );
    const st = await hubFor(env.node).ingest(
      gcc(),
      [ip, domain, file, mutex, od],
      principal('QAT'),
    );
    expect(st.failure_count).toBe(0);
    const feed = await exportFor('QAT');
    const objects = feed.events.flatMap((e) => e.Object ?? []);
    const fileObj = objects.find((o) => o.uuid === String(file.id).slice(6));
    expect(fileObj?.name).toBe('file');
    expect(fileObj?.Attribute.map((a) => [a.object_relation, a.type, a.value])).toEqual([
      ['filename', 'filename', 'native.bin'],
      ['md5', 'md5', '5'.repeat(32)],
      ['sha256', 'sha256', '4'.repeat(64)],
    ]);
    const dip = objects.find((o) => o.uuid === String(domain.id).slice(13));
    expect(dip?.name).toBe('domain-ip');
    expect(dip?.Attribute.map((a) => [a.object_relation, a.type, a.value])).toEqual([
      ['domain', 'domain', 'native.example'],
      ['ip', 'ip-dst', '198.51.100.77'],
    ]);
    // The mutex fits no template Tahaluf exports: counted, not exported.
    expect(JSON.stringify(feed.events)).not.toContain('Global');
    expect(feed.notRepresentable).toBeGreaterThanOrEqual(1);
    // Imported back (into QAT's own collection): the same file, as one SCO of the object's observed-data.
    const own = collectionOf(env, 'member-qat');
    await importAs('QAT', writeFeed(temp.dir(), feed), own);
    const back = await visibleObjects(env, own, 'QAT');
    const backFile = back.find((o) => o.type === 'file' && o.name === 'native.bin');
    expect(backFile?.hashes).toEqual(file.hashes);
    const backOd = back.find((o) => o.id === `observed-data--${String(file.id).slice(6)}`);
    expect(backOd?.object_refs).toEqual([backFile?.id]);
  });

  it('observed-data posted without a label (kept beside them, #19.5) are exported under their default label', async () => {
    const file = {
      type: 'file',
      spec_version: '2.1',
      id: `file--${uuid()}`,
      name: 'bare.bin',
      hashes: { 'SHA-256': '6'.repeat(64) },
    };
    const od = {
      type: 'observed-data',
      spec_version: '2.1',
      id: `observed-data--${uuid()}`,
      created: '2026-01-08T00:00:00.000Z',
      modified: '2026-01-08T00:00:00.000Z',
      first_observed: '2026-01-08T00:00:00.000Z',
      last_observed: '2026-01-08T00:00:00.000Z',
      number_observed: 1,
      object_refs: [file.id],
    };
    const st = await hubFor(env.node).ingest(gcc(), [file, od], principal('QAT'));
    expect(st.failure_count).toBe(0);
    const feed = await exportFor('QAT');
    const fileObj = feed.events
      .flatMap((e) => e.Object ?? [])
      .find((o) => o.uuid === file.id.slice(6));
    expect(fileObj?.Attribute.map((a) => [a.object_relation, a.value])).toEqual([
      ['filename', 'bare.bin'],
      ['sha256', '6'.repeat(64)],
    ]);
  });
});

describe('MISP object references as relationships', () => {
  const env = useIntelEnv('sqlite');
  const gcc = () => collectionOf(env, 'gcc');
  const { importAs, exportFor } = mispSteps(env);
  const FILE = '6a5f9071-8293-44b5-9fc6-0718293a4b56';
  const NET = '7b60a182-93a4-45c6-80d7-18293a4b5c67';
  const url = attr('url', 'https://cdn.loader.example/p', { to_ids: true });
  const text = attr('text', 'operator notes');
  const ref = (to: string, type: string, extra: Record<string, unknown> = {}) => ({
    uuid: uuid(),
    object_uuid: FILE,
    referenced_uuid: to,
    relationship_type: type,
    comment: '',
    timestamp: '1767744000',
    ...extra,
  });
  const refs = [
    ref(NET, 'communicates-with', { comment: 'beacon' }),
    ref(url.uuid, 'downloaded-from'),
    ref(text.uuid, 'related-to'),
    ref(NET, 'Related To'),
  ];
  const event = {
    Event: {
      uuid: '8c71b293-a4b5-46d7-91e8-293a4b5c6d78',
      info: 'Loader references',
      date: '2026-01-07',
      timestamp: '1767744000',
      distribution: '1',
      Attribute: [url, text],
      Object: [
        {
          uuid: FILE,
          name: 'file',
          timestamp: '1767744000',
          Attribute: [attr('sha256', '6'.repeat(64), { object_relation: 'sha256' })],
          ObjectReference: refs,
        },
        {
          // SAU's own (distribution 0): a reference to it is SAU's alone too.
          uuid: NET,
          name: 'domain-ip',
          distribution: '0',
          timestamp: '1767744000',
          Attribute: [
            attr('domain', 'beacon.loader.example', { object_relation: 'domain' }),
            attr('ip-dst', '192.0.2.30', { object_relation: 'ip' }),
          ],
        },
      ],
    },
  };

  it('a reference is a relationship between what the two became, labelled with the narrower label; unmappable ones are reported', async () => {
    const r = await importAs('SAU', writeJson(temp.dir(), 'refs.json', event));
    expect(r.relationships).toBe(2);
    expect([...r.skipped.values()].flat().sort()).toEqual([refs[2].uuid, refs[3].uuid].sort());
    const objs = await visibleObjects(env, gcc(), 'SAU');
    const rel = objs.find((o) => o.id === `relationship--${refs[0].uuid}`);
    expect(rel).toMatchObject({
      relationship_type: 'communicates-with',
      source_ref: `indicator--${FILE}`,
      target_ref: `indicator--${NET}`,
      description: 'beacon',
    });
    expect(objs.find((o) => o.id === `relationship--${refs[1].uuid}`)).toMatchObject({
      relationship_type: 'downloaded-from',
      target_ref: `indicator--${url.uuid}`,
    });
    // QAT (GCC) sees the file and the url, not the domain-ip object nor the reference to it.
    const qat = await visibleObjects(env, gcc(), 'QAT');
    expect(qat.map((o) => o.id)).toContain(`relationship--${refs[1].uuid}`);
    expect(qat.map((o) => o.id)).not.toContain(`relationship--${refs[0].uuid}`);
    // Nor its id in the event's report (GCC): the report names no relationship narrower than itself.
    const report = qat.find((o) => o.type === 'report');
    expect(report?.object_refs).toContain(`relationship--${refs[1].uuid}`);
    expect(JSON.stringify(qat)).not.toContain(refs[0].uuid);
  });

  it('round trip: exported as the object references the reader may see; imported again, all is already present', async () => {
    const feed = await exportFor('SAU');
    const file = feed.events.flatMap((e) => e.Object ?? []).find((o) => o.uuid === FILE);
    const key = (
      l: {
        uuid: string;
        object_uuid: string;
        referenced_uuid: string;
        relationship_type: string;
        comment: string;
      }[],
    ) =>
      l
        .map((x) =>
          [x.uuid, x.object_uuid, x.referenced_uuid, x.relationship_type, x.comment].join(' '),
        )
        .sort();
    expect(key(file?.ObjectReference ?? [])).toEqual(key(refs.slice(0, 2)));
    const again = await importAs('SAU', writeFeed(temp.dir(), feed));
    expect(again).toMatchObject({ stored: 0, relationships: 2 });
    const forQat = await exportFor('QAT');
    const qatFile = forQat.events.flatMap((e) => e.Object ?? []).find((o) => o.uuid === FILE);
    expect(key(qatFile?.ObjectReference ?? [])).toEqual(key([refs[1]]));
    expect(JSON.stringify(forQat)).not.toContain(NET);
  });
});

describe('MISP sightings as STIX sightings', () => {
  const env = useIntelEnv('sqlite');
  const gcc = () => collectionOf(env, 'gcc');
  const { importAs, exportFor } = mispSteps(env);
  const s = (extra: Record<string, unknown>) => ({
    uuid: uuid(),
    date_sighting: '1767830400',
    type: '0',
    source: 'SIEM',
    Organisation: { name: 'Some CERT', uuid: uuid() },
    ...extra,
  });
  const seen = s({});
  const falsePositive = s({ type: '1' });
  const ownSeen = s({});
  const objectSeen = s({ source: '' });
  const eventSeen = s({ date_sighting: '1767834000' });
  const shared = attr('domain', 'sighted.example', { Sighting: [seen, falsePositive] });
  const own = attr('ip-dst', '192.0.2.40', { distribution: '0', Sighting: [ownSeen] });
  const inObject = attr('sha256', '7'.repeat(64), {
    to_ids: false,
    object_relation: 'sha256',
    Sighting: [objectSeen],
  });
  const event = {
    Event: {
      uuid: '9d82c3a4-b5c6-47e8-a2f9-3a4b5c6d7e89',
      info: 'Sighted infrastructure',
      date: '2026-01-08',
      timestamp: '1767830400',
      distribution: '1',
      Attribute: [shared, own],
      Object: [{ uuid: uuid(), name: 'file', timestamp: '1767830400', Attribute: [inObject] }],
      Sighting: [{ ...eventSeen, attribute_uuid: shared.uuid }],
    },
  };

  it('a sighting of type 0 is a STIX sighting labelled as what it sighted, without the MISP organisation; others are reported', async () => {
    const r = await importAs('SAU', writeJson(temp.dir(), 'sightings.json', event));
    expect(r.sightings).toBe(4);
    expect([...r.skipped.values()].flat()).toEqual([falsePositive.uuid]);
    const objs = await visibleObjects(env, gcc(), 'SAU');
    expect(objs.find((o) => o.id === `sighting--${seen.uuid}`)).toMatchObject({
      sighting_of_ref: `indicator--${shared.uuid}`,
      count: 1,
      first_seen: '2026-01-08T00:00:00.000Z',
      last_seen: '2026-01-08T00:00:00.000Z',
      x_misp_source: 'SIEM',
    });
    expect(JSON.stringify(objs)).not.toContain('Some CERT');
    // Through the project's sighting rules: QAT (GCC) learns of the shared attribute's two sightings and
    // that SAU made them; nothing of the sighting of SAU's own attribute.
    const { sightingsOf } = await import('../analyst/sightings.js');
    const qat = await sightingsOf(env.node, principal('QAT'), `indicator--${shared.uuid}`);
    expect(qat.sightings.map((x) => [x.id, x.originator]).sort()).toEqual(
      [
        [`sighting--${seen.uuid}`, 'SAU'],
        [`sighting--${eventSeen.uuid}`, 'SAU'],
      ].sort(),
    );
    await expect(
      sightingsOf(env.node, principal('QAT'), `indicator--${own.uuid}`),
    ).rejects.toThrow();
    const qatObjs = await visibleObjects(env, gcc(), 'QAT');
    expect(qatObjs.map((o) => o.id)).not.toContain(`sighting--${ownSeen.uuid}`);
    // Nor its id in the event's report (GCC), which names the sightings as wide as itself.
    const report = qatObjs.find((o) => o.type === 'report');
    expect(report?.object_refs).toContain(`sighting--${seen.uuid}`);
    expect(JSON.stringify(qatObjs)).not.toContain(ownSeen.uuid);
    // A member outside GCC sees no sighting at all.
    expect((await visibleObjects(env, gcc(), 'PAK')).filter((o) => o.type === 'sighting')).toEqual(
      [],
    );
  });

  it('round trip: exported in each attribute the sightings the reader may see; imported again, all is already present', async () => {
    const feed = await exportFor('SAU');
    const ev = feed.events.find((e) => e.uuid === event.Event.uuid);
    const attrs = [...(ev?.Attribute ?? []), ...(ev?.Object ?? []).flatMap((o) => o.Attribute)];
    const sightings = (u: string) =>
      (attrs.find((a) => a.uuid === u)?.Sighting ?? [])
        .map((x) =>
          [x.uuid, x.attribute_uuid, x.date_sighting, x.type, x.source, x.Organisation.name].join(
            ' ',
          ),
        )
        .sort();
    expect(sightings(shared.uuid)).toEqual(
      [
        `${seen.uuid} ${shared.uuid} 1767830400 0 SIEM SAU`,
        `${eventSeen.uuid} ${shared.uuid} 1767834000 0 SIEM SAU`,
      ].sort(),
    );
    expect(sightings(own.uuid)).toEqual([`${ownSeen.uuid} ${own.uuid} 1767830400 0 SIEM SAU`]);
    expect(sightings(inObject.uuid)).toEqual([
      `${objectSeen.uuid} ${inObject.uuid} 1767830400 0  SAU`,
    ]);
    const again = await importAs('SAU', writeFeed(temp.dir(), feed));
    expect(again).toMatchObject({ stored: 0, sightings: 4 });
    const forQat = JSON.stringify(await exportFor('QAT'));
    expect(forQat).toContain(seen.uuid);
    expect(forQat).not.toContain(ownSeen.uuid);
  });

  it('a sighting another member posts is exported only to the readers its label admits, naming that member', async () => {
    const { reportSighting } = await import('../analyst/sightings.js');
    const id = `indicator--${shared.uuid}`;
    const none = () => undefined;
    const narrow = await reportSighting(
      env.node,
      principal('KWT'),
      id,
      {
        classification: 'RESTRICTED',
        releasableTo: [],
        countToOriginator: true,
      },
      none,
    );
    const wide = await reportSighting(
      env.node,
      principal('KWT'),
      id,
      {
        classification: 'RESTRICTED',
        releasableTo: ['GCC'],
      },
      none,
    );
    const sightingsFor = async (member: string) =>
      (await exportFor(member)).events
        .flatMap((e) => e.Attribute)
        .filter((a) => a.uuid === shared.uuid)
        .flatMap((a) => a.Sighting ?? []);
    for (const member of ['SAU', 'QAT']) {
      const got = await sightingsFor(member);
      expect(got.map((x) => x.uuid)).toContain(wide.id.slice('sighting--'.length));
      expect(
        got.find((x) => x.uuid === wide.id.slice('sighting--'.length))?.Organisation.name,
      ).toBe('KWT');
      // KWT's own sighting (KWT alone): neither it nor that KWT made it reaches SAU or QAT, even though
      // SAU originated the indicator (its count goes to SAU's console, not into a MISP export).
      expect(got.map((x) => x.uuid)).not.toContain(narrow.id.slice('sighting--'.length));
    }
    expect((await sightingsFor('KWT')).map((x) => x.uuid)).toContain(
      narrow.id.slice('sighting--'.length),
    );
  });
});

describe('MISP ATT&CK galaxies as relationships to attack-patterns', () => {
  const env = useIntelEnv('sqlite');
  const gcc = () => collectionOf(env, 'gcc');
  const { importAs, exportFor } = mispSteps(env);
  const AP = `attack-pattern--${uuid()}`;
  /** SAU holds technique `technique` in the collection: an attack-pattern `id` of SAU's, labelled so. */
  const holdTechnique = async (
    id: string,
    technique: string,
    name: string,
    label: { classification: Classification; releasableTo: string[] },
  ) => {
    const ap = withLabel(
      {
        type: 'attack-pattern',
        spec_version: '2.1',
        id,
        created: '2025-01-01T00:00:00.000Z',
        modified: '2025-01-01T00:00:00.000Z',
        name,
        external_references: [{ source_name: 'mitre-attack', external_id: technique }],
      },
      {
        policy: LABEL_POLICY,
        ...label,
        originator: 'SAU',
        createdAt: '2026-01-01T00:00:00.000Z',
        tlp: null,
      },
    );
    expect((await hubFor(env.node).ingest(gcc(), [ap], principal('SAU'))).failure_count).toBe(0);
  };
  /** SAU imports a GCC event (distribution 1) of one attribute, written to `file`. */
  const importOneAttribute = (file: string, info: string, attribute: Record<string, unknown>) =>
    importAs(
      'SAU',
      writeJson(temp.dir(), file, {
        Event: {
          uuid: uuid(),
          info,
          date: '2026-01-09',
          timestamp: '1767916800',
          distribution: '1',
          Attribute: [attribute],
        },
      }),
    );
  const T1059 = 'misp-galaxy:mitre-attack-pattern="Command and Scripting Interpreter - T1059"';
  const NOT_HELD = 'misp-galaxy:mitre-attack-pattern="Some Technique - T1999"';
  const tagged = attr('domain', 'attack.example', { Tag: [{ name: T1059 }] });
  const clustered = attr('ip-dst', '192.0.2.50', {
    Galaxy: [
      {
        type: 'mitre-attack-pattern',
        name: 'Attack Pattern',
        GalaxyCluster: [{ value: 'Some Technique - T1999', tag_name: NOT_HELD }],
      },
    ],
  });
  const OBJ = uuid();
  const event = {
    Event: {
      uuid: 'ae93d4b5-c6d7-48f9-b30a-4b5c6d7e8f90',
      info: 'Scripted intrusion',
      date: '2026-01-09',
      timestamp: '1767916800',
      distribution: '1',
      Tag: [{ name: T1059 }],
      Attribute: [tagged, clustered],
      Object: [
        {
          uuid: OBJ,
          name: 'file',
          timestamp: '1767916800',
          Tag: [{ name: T1059 }],
          Attribute: [attr('filename', 'run.ps1', { to_ids: false, object_relation: 'filename' })],
        },
      ],
    },
  };

  it('a technique the collection holds is a relationship to its attack-pattern, another is kept as a label', async () => {
    // The imported ATT&CK bundle, as far as this test needs it: one technique in the collection.
    await holdTechnique(AP, 'T1059', 'Command and Scripting Interpreter', {
      classification: 'RESTRICTED',
      releasableTo: ['GCC'],
    });
    const r = await importAs('SAU', writeJson(temp.dir(), 'attack.json', event));
    expect(r.attackRelationships).toBe(3);
    const objs = await visibleObjects(env, gcc(), 'SAU');
    const rels = objs.filter((o) => o.type === 'relationship' && o.target_ref === AP);
    expect(rels.map((o) => [o.source_ref, o.relationship_type]).sort()).toEqual(
      [
        [`indicator--${tagged.uuid}`, 'indicates'],
        [`observed-data--${OBJ}`, 'related-to'],
        [`report--${event.Event.uuid}`, 'related-to'],
      ].sort(),
    );
    expect(objs.find((o) => o.id === `indicator--${clustered.uuid}`)?.labels).toEqual([NOT_HELD]);
    expect(objs.find((o) => o.id === `indicator--${tagged.uuid}`)?.labels).toBeUndefined();
    // The project's ATT&CK mapping finds the indicator under T1059.
    const { objectsOfTechnique } = await import('../analyst/attack-map.js');
    const mapped = await objectsOfTechnique(env.node, principal('QAT'), 'T1059');
    expect(JSON.stringify(mapped)).toContain(`indicator--${tagged.uuid}`);
  });

  it('round trip: exported as galaxy tags of the attributes and the event; imported again, all is already present', async () => {
    const feed = await exportFor('SAU');
    const ev = feed.events.find((e) => e.uuid === event.Event.uuid);
    const tagsOf = (u: string) =>
      [...(ev?.Attribute ?? []), ...(ev?.Object ?? []).flatMap((o) => o.Attribute)]
        .find((a) => a.uuid === u)
        ?.Tag.map((t) => t.name)
        .filter((n) => n.startsWith('misp-galaxy:'));
    expect(tagsOf(tagged.uuid)).toEqual([T1059]);
    expect(tagsOf(clustered.uuid)).toEqual([NOT_HELD]);
    expect(tagsOf(event.Event.Object[0].Attribute[0].uuid)).toEqual([T1059]);
    expect(ev?.Tag.map((t) => t.name)).toContain(T1059);
    const again = await importAs('SAU', writeFeed(temp.dir(), feed));
    expect(again).toMatchObject({ stored: 0, attackRelationships: 3 });
  });

  it('a relationship to an attack-pattern is labelled no wider than the attack-pattern', async () => {
    // SAU's own technique (labelled SAU alone, SECRET): SAU's GCC event tags an attribute with it.
    const own = `attack-pattern--${uuid()}`;
    await holdTechnique(own, 'T1998', 'Private Technique', {
      classification: 'SECRET',
      releasableTo: [],
    });
    const T1998 = 'misp-galaxy:mitre-attack-pattern="Private Technique - T1998"';
    const a = attr('domain', 'private-technique.example', { Tag: [{ name: T1998 }] });
    const r = await importOneAttribute('private.json', 'Private technique', a);
    expect(r.attackRelationships).toBe(1);
    const sau = await visibleObjects(env, gcc(), 'SAU');
    const rel = sau.find((o) => o.type === 'relationship' && o.target_ref === own);
    expect(rel?.source_ref).toBe(`indicator--${a.uuid}`);
    // QAT (GCC) sees the indicator, not the relationship nor the attack-pattern's id anywhere.
    const qat = await visibleObjects(env, gcc(), 'QAT');
    expect(qat.map((o) => o.id)).toContain(`indicator--${a.uuid}`);
    expect(JSON.stringify(qat)).not.toContain(own.slice('attack-pattern--'.length));
    expect(JSON.stringify(await exportFor('QAT'))).not.toContain('T1998"');
  });

  it('a relationship to an attack-pattern released to everyone is labelled as its source, as releasability reads ALL', async () => {
    // SAU holds a public technique (released to ALL, as an ATT&CK bundle is): a GCC event tags an attribute.
    const everyone = `attack-pattern--${uuid()}`;
    await holdTechnique(everyone, 'T1997', 'Public Technique', {
      classification: 'RESTRICTED',
      releasableTo: [EVERYONE],
    });
    const a = attr('domain', 'public-technique.example', {
      Tag: [{ name: 'misp-galaxy:mitre-attack-pattern="Public Technique - T1997"' }],
    });
    const r = await importOneAttribute('public-technique.json', 'Public technique', a);
    expect(r.attackRelationships).toBe(1);
    const relOf = (objs: Record<string, unknown>[]) =>
      objs.find((o) => o.type === 'relationship' && o.target_ref === everyone);
    // QAT (GCC) may read both ends: it reads the relationship, labelled as the indicator.
    const rel = relOf(await visibleObjects(env, gcc(), 'QAT'));
    expect(rel?.source_ref).toBe(`indicator--${a.uuid}`);
    const relLabel = rel && readLabel(rel);
    expect(relLabel && 'label' in relLabel ? relLabel.label?.releasableTo : null).toEqual(['GCC']);
    const sau = relOf(await visibleObjects(env, gcc(), 'SAU'));
    expect(sau).toBeDefined();
    // PAK (outside GCC) reads the technique, and neither the indicator nor the relationship naming it.
    const pak = await visibleObjects(env, gcc(), 'PAK');
    expect(pak.map((o) => o.id)).toContain(everyone);
    expect(relOf(pak)).toBeUndefined();
    expect(JSON.stringify(pak)).not.toContain(a.uuid);
  });

  it("an event's report names no indicator narrower than itself; the export still gives one event", async () => {
    // A GCC event (distribution 1) with a GCC attribute and one of SAU's own (distribution 0).
    const event = uuid();
    const wide = attr('domain', 'wide-report.example');
    const own = attr('domain', 'sau-only-report.example', { distribution: '0' });
    await importAs(
      'SAU',
      writeJson(temp.dir(), 'narrower.json', {
        Event: {
          uuid: event,
          info: 'An event with a narrower attribute',
          date: '2026-01-10',
          timestamp: '1768003200',
          distribution: '1',
          Attribute: [wide, own],
        },
      }),
    );
    // QAT (GCC) reads the event's report and its GCC indicator, and nothing names SAU's own indicator.
    const qat = await visibleObjects(env, gcc(), 'QAT');
    const qatReports = qat.filter((o) => o.type === 'report' && o.x_misp_event_uuid === event);
    expect(qatReports.map((o) => o.object_refs)).toEqual([[`indicator--${wide.uuid}`]]);
    expect(JSON.stringify(qat)).not.toContain(own.uuid);
    const forQat = (await exportFor('QAT')).events.filter((e) => e.uuid === event);
    expect(forQat.map((e) => e.Attribute.map((a) => a.uuid))).toEqual([[wide.uuid]]);
    expect(JSON.stringify(forQat)).not.toContain(own.uuid);
    // SAU sees both reports, and its export has both attributes in the one event, labelled as the event.
    const sau = await visibleObjects(env, gcc(), 'SAU');
    expect(
      sau
        .filter((o) => o.type === 'report' && o.x_misp_event_uuid === event)
        .flatMap((o) => (Array.isArray(o.object_refs) ? o.object_refs : []))
        .sort(),
    ).toEqual([`indicator--${own.uuid}`, `indicator--${wide.uuid}`].sort());
    const forSau = (await exportFor('SAU')).events.filter((e) => e.uuid === event);
    expect(forSau).toHaveLength(1);
    expect(forSau[0].distribution).toBe('2');
    expect(forSau[0].Attribute.map((a) => [a.uuid, a.distribution]).sort()).toEqual(
      [
        [wide.uuid, '2'],
        [own.uuid, '0'],
      ].sort(),
    );
  });
});
