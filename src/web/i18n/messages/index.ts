import type { Locale } from '../locale.js';
import { accession } from './accession.js';
import { answers } from './answers.js';
import { attack } from './attack.js';
import { charts } from './charts.js';
import { components } from './components.js';
import { council } from './council.js';
import { cyber } from './cyber.js';
import { documents } from './documents.js';
import { eventsCohesion } from './events-cohesion.js';
import { federation } from './federation.js';
import { forces } from './forces.js';
import { forms } from './forms.js';
import { history } from './history.js';
import { intel } from './intel.js';
import { map } from './map.js';
import { notifications } from './notifications.js';
import { obligations } from './obligations.js';
import { problems } from './problems.js';
import { procurement } from './procurement.js';
import { provenance } from './provenance.js';
import { programmes } from './programmes.js';
import { record } from './record.js';
import { recordVerify } from './record-verify.js';
import { shell } from './shell.js';
import { sightings } from './sightings.js';
import { tools } from './tools.js';
import { warning } from './warning.js';
import { warninglists } from './warninglists.js';
import type { Messages } from './types.js';

/**
 * Every message of the console. One file per area (`shell.ts`, `map.ts` …): add a file, then spread it
 * here. Ids are `<area>.<what>`; an id used twice would be overwritten, which the unit test refuses.
 */
export const AREAS = {
  shell,
  recordVerify,
  map,
  forms,
  components,
  eventsCohesion,
  procurement,
  documents,
  federation,
  answers,
  tools,
  record,
  obligations,
  warning,
  accession,
  council,
  intel,
  cyber,
  programmes,
  history,
  forces,
  sightings,
  warninglists,
  provenance,
  notifications,
  attack,
  charts,
  problems,
} satisfies Record<string, Messages>;

const all = Object.assign({}, ...Object.values(AREAS)) as UnionOf<
  (typeof AREAS)[keyof typeof AREAS]
>;
type UnionOf<T> = (T extends unknown ? (x: T) => void : never) extends (x: infer I) => void
  ? I
  : never;

export type MessageId = keyof typeof all;
export const MESSAGES: Record<MessageId, { en: string; ar: string }> = all;

/** The flat catalogue of one language, as react-intl takes it. */
export function catalogue(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, m] of Object.entries(MESSAGES)) out[id] = m[locale];
  return out;
}
