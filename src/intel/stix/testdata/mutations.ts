/** Systematic mutations of valid objects: drop, retype and add properties, one change at a time (also one level down). */
const VALUES: unknown[] = [
  null,
  [],
  0,
  1.5,
  -1,
  101,
  'x',
  '',
  true,
  {},
  ['x'],
  [1],
  [null],
  { a: 1 },
  'not a timestamp',
  '2016-04-06T20:03:48Z',
  '2016-04-06T20:03:48.000Z',
  '2016-02-30T00:00:00.000Z',
  'foo',
  'identity--e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
  'software--a1827f6d-ca53-5605-9e93-4316cd22a00a',
  'file--e277603e-1060-5ad4-9937-c26c97f1ca68',
  ['identity--e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65'],
  'http://example.com/a',
  'has space',
  '2.0',
  '2.1',
  'ZZ',
  'abcd',
  '0a0b',
];
const ADDED: [string, unknown][] = [
  ['Bad', 'v'],
  ['ab', 'v'],
  ['x_new', 'v'],
  ['x_new', null],
  ['x_new', []],
  ['severity', 'high'],
  ['foo_bin', 'abc'],
  ['foo_bin', 'YWJj'],
  ['foo_hex', 'zz'],
  ['foo_hex', '0a'],
  ['aB_c', 1],
  ['created_by_ref', 'identity--e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65'],
  ['labels', ['a']],
  ['labels', []],
  ['confidence', 200],
  ['object_marking_refs', ['identity--e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65']],
  ['external_references', [{ source_name: 'cve', external_id: 'X-1' }]],
  ['external_references', [{ source_name: 'x', external_id: 'CVE-2016-1234' }]],
  ['external_references', [{ source_name: 'x', url: 'not a uri' }]],
  [
    'granular_markings',
    [
      {
        selectors: ['Bad'],
        marking_ref: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
      },
    ],
  ],
  ['extensions', {}],
  ['extensions', { 'bad-key': { a: 1 } }],
  ['extensions', { 'x-ext': {} }],
  ['extensions', { 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { rank: 1 } }],
  ['spec_version', '2.0'],
  ['defanged', 'yes'],
  ['created', '2016-04-06T20:03:48.000Z'],
  ['modified', '2015-01-01T00:00:00.000Z'],
];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function* mutations(base: Record<string, unknown>): Generator<Record<string, unknown>> {
  for (const k of Object.keys(base)) {
    const d = clone(base);
    delete d[k];
    yield d;
    for (const v of VALUES) yield { ...clone(base), [k]: clone(v) };
    const inner = base[k];
    const children: [string | number, Record<string, unknown>][] = [];
    if (inner && typeof inner === 'object' && !Array.isArray(inner))
      children.push(
        ...Object.entries(inner).map(
          ([ck]) => [ck, inner as Record<string, unknown>] as [string, Record<string, unknown>],
        ),
      );
    const first: unknown = Array.isArray(inner) ? inner[0] : undefined;
    if (first && typeof first === 'object')
      for (const ck of Object.keys(first)) children.push([ck, first as Record<string, unknown>]);
    for (const [ck] of children) {
      for (const v of [undefined, null, 'x', 1, [], {}, 'not a uri']) {
        const d2 = clone(base);
        const target = Array.isArray(d2[k])
          ? (d2[k] as Record<string, unknown>[])[0]
          : (d2[k] as Record<string, unknown>);
        if (v === undefined) delete target[ck as string];
        else target[ck as string] = clone(v);
        yield d2;
      }
    }
  }
  for (const [k, v] of ADDED) yield { ...clone(base), [k]: clone(v) };
  const id = typeof base.id === 'string' ? base.id : '';
  yield { ...clone(base), id: id.replace(/--(.{14})./, '--$14') };
  yield { ...clone(base), id: id.replace(/--/, '--x') };
  yield { ...clone(base), id: `other-type--${id.split('--')[1]}` };
  yield { ...clone(base), type: 'other-type' };
}
