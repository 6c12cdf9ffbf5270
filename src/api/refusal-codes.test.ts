import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { useTestApp } from '../app/testing.js';

/**
 * #13 (clear errors in the reader's language): the domain refusals the Procurement, Cyber, Accession,
 * Events, Programmes, Warning and Record views can receive carry a specific `detailCode` and the values
 * the console fills its message with (`detailParams`), beside the English `detail`.
 */
describe('domain refusals carry a detailCode and its values', () => {
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const { node, app } = useTestApp({ clock });
  const call = async (member: string | null, method: string, url: string, payload?: object) =>
    app.inject({
      method: method === 'GET' ? 'GET' : method === 'PUT' ? 'PUT' : 'POST',
      url,
      headers: member ? { authorization: `Bearer ${await node.tokenFor(member)}` } : {},
      ...(payload ? { payload } : {}),
    });

  it('events: a title too short, a source that is not a web address, an event not concerning the member', async () => {
    const event = {
      date: '2026-03-01',
      title: 'Summit',
      description: '',
      states: ['QAT'],
      allianceIds: [],
      sources: [{ title: 'KUNA', url: 'https://www.kuna.net.kw/' }],
    };
    const short = await call('QAT', 'POST', '/api/events', { ...event, title: 'ab' });
    expect(short.json()).toMatchObject({
      status: 400,
      field: 'title',
      detailCode: 'text_length',
      detailParams: { min: 3, max: 200 },
    });
    const url = await call('QAT', 'POST', '/api/events', {
      ...event,
      sources: [{ title: 'KUNA', url: 'ftp://kuna' }],
    });
    expect(url.json()).toMatchObject({
      field: 'sources/0/url',
      detailCode: 'not_http_url',
      detailParams: { value: 'ftp://kuna' },
    });
    const future = await call('QAT', 'POST', '/api/events', { ...event, date: '2026-03-05' });
    expect(future.json()).toMatchObject({
      detailCode: 'date_in_future',
      detailParams: { date: '2026-03-05', today: '2026-03-02' },
    });
    const other = await call('QAT', 'POST', '/api/events', { ...event, states: ['EGY'] });
    expect(other.json()).toMatchObject({
      status: 403,
      detailCode: 'event_not_concerning',
      detailParams: { member: 'QAT', day: '2026-03-01' },
    });
  });

  it('procurement: a member outside the alliance is named with the alliance and the day', async () => {
    const r = await call('PAK', 'POST', '/api/procurement/proposals', {
      allianceId: 'joint-arab-force',
      budget: 4,
    });
    expect(r.json()).toMatchObject({
      status: 422,
      code: 'not_a_member',
      detailCode: 'not_a_member',
      detailParams: { member: 'PAK', alliance: 'joint-arab-force', day: '2026-03-02' },
    });
  });

  it('programmes and cyber cases: outsiders, amounts, STIX ids and clearance', async () => {
    const proposed = await call('QAT', 'POST', '/api/programmes', {
      allianceId: 'gcc',
      title: 'Cyber incident-response network',
      area: 'cyber',
      objectives: ['A 24/7 point of contact in every participating CERT'],
      governance: { rule: 'opt-in' },
      milestones: [],
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json<{ programme: { id: string; title: string } }>().programme.id;
    const egy = await call('EGY', 'POST', `/api/programmes/${id}/join`);
    expect(egy.json()).toMatchObject({
      detailCode: 'not_a_member',
      detailParams: { member: 'EGY', alliance: 'gcc', day: '2026-03-02' },
    });
    const omn = await call('OMN', 'POST', `/api/programmes/${id}/contributions`, {
      kind: 'personnel',
      description: 'analysts',
      amount: 4,
      unit: 'persons',
    });
    expect(omn.json()).toMatchObject({
      detailCode: 'not_a_participant',
      detailParams: { member: 'OMN', programme: 'Cyber incident-response network' },
    });
    const again = await call('QAT', 'POST', `/api/programmes/${id}/join`);
    expect(again.json()).toMatchObject({
      detailCode: 'already_participant',
      detailParams: { member: 'QAT' },
    });
    const declare = {
      programmeId: id,
      title: 'Ransomware at the port authority',
      description: 'Systems encrypted overnight.',
      severity: 'high',
      classification: 'RESTRICTED',
      stixIds: ['not-a-stix-id'],
    };
    const stix = await call('QAT', 'POST', '/api/cyber/cases', declare);
    expect(stix.json()).toMatchObject({
      status: 400,
      field: 'stixIds/0',
      detailCode: 'not_stix_id',
      detailParams: { value: 'not-a-stix-id' },
    });
    const blank = await call('QAT', 'POST', '/api/cyber/cases', {
      ...declare,
      title: '   ',
      stixIds: [],
    });
    expect(blank.json()).toMatchObject({
      field: 'title',
      detailCode: 'text_length',
      detailParams: { min: 3, max: 300 },
    });
  });

  it('programmes: a first milestone owned by another state (values, not English)', async () => {
    const programme = {
      allianceId: 'gcc',
      title: 'Joint maritime patrol roster',
      area: 'other',
      objectives: ['One shared patrol roster'],
      governance: { rule: 'opt-in' },
      milestones: [{ title: 'Roster agreed', due: '2026-06-01', owner: 'OMN' }],
    };
    const owner = await call('QAT', 'POST', '/api/programmes', programme);
    expect(owner.json()).toMatchObject({
      status: 422,
      code: 'owner_not_participant',
      field: 'milestones/0/owner',
      detailCode: 'owner_not_participant.proposal',
      detailParams: { member: 'OMN' },
    });
  });

  it('accession: an act of another state, a date after today', async () => {
    const url = '/api/alliances/islamic-nato/lifecycle';
    const other = await call('QAT', 'POST', url, {
      kind: 'application',
      state: 'EGY',
      date: '2026-03-01',
    });
    expect(other.json()).toMatchObject({
      status: 403,
      detailCode: 'act_of_the_state',
      detailParams: { kind: 'application', member: 'EGY', actor: 'QAT' },
    });
    const future = await call('QAT', 'POST', url, {
      kind: 'application',
      state: 'QAT',
      date: '2026-04-01',
    });
    expect(future.json()).toMatchObject({
      field: 'date',
      detailCode: 'date_in_future',
      detailParams: { date: '2026-04-01', today: '2026-03-02' },
    });
    // Islamic NATO is proposed, not in force: no application yet; a founding state signs.
    const applied = await call('PAK', 'POST', url, {
      kind: 'application',
      state: 'PAK',
      date: '2026-03-01',
    });
    expect(applied.json()).toMatchObject({
      status: 422,
      detailCode: 'not_in_force.application',
      detailParams: { alliance: 'islamic-nato' },
    });
    const signed = await call('PAK', 'POST', url, {
      kind: 'signature',
      state: 'PAK',
      date: '2026-02-01',
    });
    expect(signed.statusCode, signed.body).toBe(201);
    const twice = await call('PAK', 'POST', url, {
      kind: 'signature',
      state: 'PAK',
      date: '2026-03-01',
    });
    expect(twice.json()).toMatchObject({
      status: 409,
      detailCode: 'already_signed',
      detailParams: { member: 'PAK', alliance: 'islamic-nato', date: '2026-02-01' },
    });
    const early = await call('PAK', 'POST', url, {
      kind: 'ratification',
      state: 'PAK',
      date: '2026-01-15',
    });
    expect(early.json()).toMatchObject({
      field: 'date',
      detailCode: 'date_before_step',
      detailParams: {
        date: '2026-01-15',
        member: 'PAK',
        step: 'signature',
        stepDate: '2026-02-01',
      },
    });
  });

  it('record and warning: a missing act by name, another member’s CAP languages, a tag Tahaluf does not write', async () => {
    const missing = await call('QAT', 'GET', '/api/record/act_00000000000000000000');
    expect(missing.json()).toMatchObject({
      status: 404,
      detailCode: 'not_found',
      detailParams: { what: 'act', id: 'act_00000000000000000000' },
    });
    const theirs = await call('QAT', 'GET', '/api/warning/cap-languages/KWT');
    expect(theirs.json()).toMatchObject({
      status: 403,
      detailCode: 'own_member_only',
      detailParams: { member: 'KWT' },
    });
    const fr = await call('QAT', 'PUT', '/api/warning/cap-languages/QAT', {
      languages: ['ar', 'fr'],
    });
    expect(fr.json()).toMatchObject({
      field: 'body/languages/1',
      detailCode: 'cap_language_unavailable',
      detailParams: { value: 'fr', available: 'en, ar' },
    });
  });
});
