import { ManualClock } from '../core/clock.js';
import { ILLUSTRATIVE, SECRETARIAT } from '../record/model.js';
import type { Source } from '../registry/model.js';
import type { Deps } from '../runtime/deps.js';
import { CouncilService, type OpenInput } from './council-service.js';
import type { ActKind } from './model.js';
import type { ActInputPayload } from './procedure-engine.js';
import { replayCaseSeeded, type CouncilTables } from './repository.js';

/**
 * Historical cases replayed through the same engine, on a clock set to the historical times. They
 * run as tests (replays.test.ts) and as the module's seeded history. Times of day are illustrative:
 * the sources give dates; the order of the acts follows the sources.
 */

type Step =
  | { at: string; op: 'open'; actor: string; ref: string; input: Omit<OpenInput, 'replay'> }
  | { at: string; op: 'act'; actor: string; ref: string; kind: ActKind; payload: ActInputPayload }
  | { at: string; op: 'close'; actor: string; ref: string; summary?: string };

export interface ReplayCase {
  id: string;
  title: string;
  note: string;
  sources: Source[];
  steps: Step[];
}

const CRS = {
  title: 'CRS RS21510, NATO’s decision-making procedure (2003)',
  note: 'silence procedure circulated 6 Feb 2003, deadline 10 Feb; France, Germany and Belgium broke silence; Turkey requested Art. 4 consultations; the matter moved to the Defence Planning Committee',
};
const NATIONAL = {
  title: 'The National, 14 Sep 2025',
  note: 'proposed joint Arab force; reports say it was not adopted at the Doha summit',
};
const DOHA = {
  title:
    'Reports of the emergency Arab-Islamic summit and the GCC Supreme Council extraordinary session, Doha, 15 Sep 2025',
  note: 'strike on Doha 9 Sep 2025; summit statement adopted by consensus; the GCC said it would activate its joint-defence clause (an attack on one member is an attack on all)',
};

const MATTER_NATO = 'defence-of-turkey-2003';
const MATTER_DOHA = 'strike-on-doha-2025-09-09';

export const REPLAYS: ReplayCase[] = [
  {
    id: 'nato-2003-silence',
    title: 'NATO silence procedure on the defence of Turkey, February 2003',
    note: 'Three allies broke silence before the deadline: the decision fell. Turkey then requested Art. 4 consultations.',
    sources: [CRS],
    steps: [
      {
        at: '2003-02-06T12:00:00Z',
        op: 'open',
        actor: SECRETARIAT,
        ref: 'silence',
        input: {
          charterId: 'nato-reference',
          kind: 'decision',
          decisionType: 'silence',
          matter: MATTER_NATO,
          title: 'Prudent planning for the defence of Turkey',
          text: 'Text circulated by the Secretary-General under the silence procedure.',
          deadline: '2003-02-10T09:00:00Z',
        },
      },
      {
        at: '2003-02-10T07:30:00Z',
        op: 'act',
        actor: 'FRA',
        ref: 'silence',
        kind: 'objection',
        payload: { statement: 'France breaks silence.' },
      },
      {
        at: '2003-02-10T07:40:00Z',
        op: 'act',
        actor: 'BEL',
        ref: 'silence',
        kind: 'objection',
        payload: { statement: 'Belgium breaks silence.' },
      },
      {
        at: '2003-02-10T07:50:00Z',
        op: 'act',
        actor: 'DEU',
        ref: 'silence',
        kind: 'objection',
        payload: { statement: 'Germany breaks silence.' },
      },
      {
        at: '2003-02-10T09:00:00Z',
        op: 'close',
        actor: SECRETARIAT,
        ref: 'silence',
        summary: 'silence broken: not adopted',
      },
      {
        at: '2003-02-10T10:00:00Z',
        op: 'open',
        actor: 'TUR',
        ref: 'art4',
        input: {
          charterId: 'nato-reference',
          kind: 'consultation',
          matter: MATTER_NATO,
          grounds: ['territorial_integrity', 'security'],
          title: 'Turkey requests consultations under Article 4',
          deadline: null,
        },
      },
      {
        at: '2003-02-16T18:00:00Z',
        op: 'close',
        actor: SECRETARIAT,
        ref: 'art4',
        summary: 'The matter moved to the Defence Planning Committee.',
      },
    ],
  },
  {
    id: 'doha-2025',
    title: 'Strike on Doha and the emergency summit, September 2025',
    note: 'Qatar sought consultations after the strike of 9 Sep; on 15 Sep the emergency Arab-Islamic summit adopted its statement by consensus without creating a joint force, and Qatar invoked the GCC joint-defence clause, on which the Supreme Council decided measures. Individual votes in the GCC decision are reconstructed from its unanimity rule, not reported one by one.',
    sources: [DOHA, NATIONAL],
    steps: [
      {
        at: '2025-09-10T09:00:00Z',
        op: 'open',
        actor: 'QAT',
        ref: 'consult',
        input: {
          charterId: 'oic',
          kind: 'consultation',
          matter: MATTER_DOHA,
          grounds: ['territorial_integrity', 'security'],
          title:
            'Qatar requests an emergency Arab-Islamic summit after the strike on Doha (9 Sep 2025)',
          deadline: null,
        },
      },
      {
        at: '2025-09-15T08:00:00Z',
        op: 'open',
        actor: 'QAT',
        ref: 'statement',
        input: {
          charterId: 'oic',
          kind: 'decision',
          decisionType: 'statement',
          matter: MATTER_DOHA,
          deadline: null,
          title: 'Final statement of the emergency Arab-Islamic summit, Doha',
          text: 'Condemns the strike on Doha and expresses solidarity with Qatar. Creates no joint force: the proposed joint Arab force was not adopted.',
        },
      },
      {
        at: '2025-09-15T08:05:00Z',
        op: 'act',
        actor: 'QAT',
        ref: 'statement',
        kind: 'vote',
        payload: { choice: 'yes' },
      },
      {
        at: '2025-09-15T09:00:00Z',
        op: 'open',
        actor: 'QAT',
        ref: 'defence',
        input: {
          charterId: 'gcc',
          kind: 'defence',
          matter: MATTER_DOHA,
          article: 'GCC Joint Defence Agreement (2000), Art. 2',
          deadline: null,
          title: 'Qatar invokes the GCC joint-defence clause',
        },
      },
      {
        at: '2025-09-15T09:10:00Z',
        op: 'open',
        actor: 'QAT',
        ref: 'measures',
        input: {
          charterId: 'gcc',
          kind: 'decision',
          decisionType: 'measures',
          matter: MATTER_DOHA,
          deadline: null,
          title:
            'Supreme Council: instruct the Unified Military Command to activate the joint defence mechanisms',
          relatedTo: '',
        },
      },
      ...['QAT', 'ARE', 'BHR', 'KWT', 'OMN', 'SAU'].map((m, i) => ({
        at: `2025-09-15T09:${20 + i}:00Z`,
        op: 'act' as const,
        actor: m,
        ref: 'measures',
        kind: 'vote' as const,
        payload: { choice: 'yes' as const },
      })),
      {
        at: '2025-09-15T10:00:00Z',
        op: 'close',
        actor: SECRETARIAT,
        ref: 'measures',
        summary: 'Joint defence mechanisms to be activated.',
      },
      {
        at: '2025-09-15T10:05:00Z',
        op: 'close',
        actor: SECRETARIAT,
        ref: 'defence',
        summary: 'The Supreme Council decided measures under the clause.',
      },
      {
        at: '2025-09-15T16:00:00Z',
        op: 'close',
        actor: SECRETARIAT,
        ref: 'statement',
        summary: 'Adopted by consensus; no joint force created.',
      },
      {
        at: '2025-09-15T16:30:00Z',
        op: 'close',
        actor: 'QAT',
        ref: 'consult',
        summary: 'Emergency summit held in Doha; statement adopted.',
      },
    ],
  },
];

/** Runs a case on a clock set to each step's time; returns the procedure id of each step's `ref`. */
export async function runReplay(
  deps: Deps,
  c: ReplayCase,
  charters?: CouncilService['charters'],
): Promise<Record<string, string>> {
  const clock = new ManualClock(c.steps[0].at);
  // Replayed history is signed by the illustrative identity, each act naming the member it depicts:
  // no member's key signs what this node reconstructed.
  const svc = new CouncilService(deps, { clock, charters, signAs: ILLUSTRATIVE });
  const ids: Record<string, string> = {};
  for (const step of c.steps) {
    clock.set(step.at);
    if (step.op === 'open') {
      const input = { ...step.input, replay: { case: c.id, sources: c.sources, note: c.note } };
      if (input.relatedTo === '') input.relatedTo = ids.defence;
      ids[step.ref] = (await svc.open(step.actor, input)).id;
    } else if (step.op === 'act') await svc.act(ids[step.ref], step.kind, step.actor, step.payload);
    else await svc.close(ids[step.ref], step.actor, step.summary);
  }
  return ids;
}

/** Seeds every case not yet in the store (idempotent: one procedure per case marks it done). */
export async function seedReplays(deps: Deps): Promise<void> {
  for (const c of REPLAYS) {
    if (!(await replayCaseSeeded(deps.store.db.withTables<CouncilTables>(), c.id)))
      await runReplay(deps, c);
  }
}
