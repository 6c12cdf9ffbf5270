import { holdsMemberKeys } from '../core/config.js';
import { dayOf } from '../core/dates.js';
import type { Source } from '../registry/model.js';
import type { Deps } from '../runtime/deps.js';
import type { Area } from './model.js';
import type { ProgrammeDesk } from './programme-desk.js';

const GCC_JDC_2025: Source = {
  title:
    'GCC Secretariat General, news release on the extraordinary session of the GCC Joint Defence Council (Doha, 18 Sep 2025)',
  url: 'https://www.gcc-sg.org/en/MediaCenter/News/Pages/news2025-9-18-5.aspx',
  date: '2025-09-18',
  note: 'The ministers agreed to increase intelligence sharing through the Unified Military Command, share the air picture among operations centres, accelerate the joint task force on a ballistic-missile early-warning system and hold joint exercises.',
};
const RFI_2025: Source = {
  title: "RFI, 'Arab and Muslim countries debate a NATO-style alliance' (2025)",
  note: 'Adapted from the French original by Anne Bernas. Advises building functional interdependence step by step in areas such as intelligence, cyber security and the economy.',
};
const NATIONAL_2025: Source = {
  title: "The National, report on Egypt's proposal for a joint Arab force (14 Sep 2025)",
  date: '2025-09-14',
};

interface SeedProgramme {
  allianceId: string;
  title: string;
  area: Area;
  proposer: string;
  joiners: string[];
  objectives: string[];
  /** Due in this many days from the day the node seeds them. */
  milestones: { title: string; inDays: number }[];
  note: string;
  sources: Source[];
}

/**
 * Illustrative programmes for the GCC and the proposed joint Arab force, so both can be compared on the
 * same measures. Every one is signed by the illustrative identity (never a member's key) and says what
 * is invented (participants, milestones, dates) and what it rests on, with its source.
 */
export const ILLUSTRATIVE_PROGRAMMES: SeedProgramme[] = [
  {
    allianceId: 'gcc',
    title: 'Ballistic-missile early-warning integration (illustrative)',
    area: 'air-missile-warning',
    proposer: 'SAU',
    joiners: ['ARE', 'BHR', 'KWT', 'OMN', 'QAT'],
    objectives: [
      'One shared air picture among the operations centres',
      'A joint task force for ballistic-missile early warning',
    ],
    milestones: [
      { title: 'Task force terms of reference agreed', inDays: 90 },
      { title: 'Air picture shared between two operations centres', inDays: 270 },
    ],
    note: 'Illustrative: participants, milestones and dates are invented. The aims rest on the GCC Joint Defence Council of 18 Sep 2025 (source).',
    sources: [GCC_JDC_2025],
  },
  {
    allianceId: 'gcc',
    title: 'Intelligence sharing through the Unified Military Command (illustrative)',
    area: 'intelligence',
    proposer: 'QAT',
    joiners: ['SAU', 'ARE', 'KWT'],
    objectives: [
      'Agreed releasability rules for reports shared through the Unified Military Command',
    ],
    milestones: [{ title: 'Releasability rules adopted', inDays: 120 }],
    note: 'Illustrative: participants (BHR and OMN staying out), milestone and date are invented. The aim rests on the GCC Joint Defence Council of 18 Sep 2025 (source).',
    sources: [GCC_JDC_2025],
  },
  {
    allianceId: 'joint-arab-force',
    title: 'Cyber incident-response network (illustrative)',
    area: 'cyber',
    proposer: 'EGY',
    joiners: ['JOR', 'MAR'],
    objectives: ['A point of contact in every participating national CERT, reachable at all hours'],
    milestones: [{ title: 'Points of contact named', inDays: 60 }],
    note: "Illustrative: the whole programme is invented. It follows the advice to build functional interdependence in cyber security (RFI) and Egypt's proposal of a joint Arab force (The National).",
    sources: [RFI_2025, NATIONAL_2025],
  },
  {
    allianceId: 'joint-arab-force',
    title: 'Economic resilience fund (illustrative)',
    area: 'economy',
    proposer: 'EGY',
    joiners: ['SAU'],
    objectives: ['A joint fund against supply shocks'],
    milestones: [{ title: 'Fund statute drafted', inDays: 180 }],
    note: 'Illustrative: the whole programme is invented. It follows the advice to build functional interdependence in the economy (RFI).',
    sources: [RFI_2025],
  },
];

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Seeds the illustrative programmes once (skipped when a programme of the same alliance and title
 * exists, and on nodes that do not hold members' keys); a member no longer active that day is left out.
 */
export async function seedProgrammes(deps: Deps, desk: ProgrammeDesk): Promise<void> {
  if (!holdsMemberKeys(deps.config)) return;
  const today = dayOf(deps.clock.now());
  for (const s of ILLUSTRATIVE_PROGRAMMES) {
    if (!deps.registry.alliance(s.allianceId)) continue;
    const existing = await desk.list({ allianceId: s.allianceId });
    if (existing.some((p) => p.title === s.title)) continue;
    const active = (m: string) => deps.registry.isActiveMember(s.allianceId, m, today);
    if (!active(s.proposer)) continue;
    const illustrative = { note: s.note, sources: s.sources };
    const { programme } = await desk.propose(
      { member: s.proposer, illustrative },
      {
        allianceId: s.allianceId,
        title: s.title,
        area: s.area,
        objectives: s.objectives,
        governance: { rule: 'opt-in' },
        milestones: s.milestones.map((m) => ({
          title: m.title,
          due: addDays(today, m.inDays),
          owner: s.proposer,
        })),
      },
    );
    for (const m of s.joiners.filter(active))
      await desk.join({ member: m, illustrative: { note: s.note } }, programme.id);
  }
}
