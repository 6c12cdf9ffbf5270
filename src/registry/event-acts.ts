import { payloadOf } from '../record/act-catalogue.js';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../core/crypto.js';
import { isValidDay } from '../core/dates.js';
import { badInput, conflict, forbidden } from '../core/errors.js';
import type { RecordLog } from '../record/record-log.js';
import { SECRETARIAT } from '../record/model.js';
import type { Source, TimelineEvent } from './model.js';
import type { Registry } from './registry.js';

/** The act a member or the secretariat records when it adds an event to the timeline. */
export const EVENT_ACT = 'registry.event.recorded';

export interface EventInput {
  date: string;
  title: string;
  description: string;
  states: string[];
  allianceIds: string[];
  sources: Source[];
}

/** Payload of `registry.event.recorded`: the event as it joins the timeline, and who recorded it. */
export interface EventActPayload {
  event: TimelineEvent;
}

const URL_RE = /^https?:\/\/[^\s]+$/;

/**
 * Checks an event before anything is recorded: a real date not after today, a title, known states and
 * alliances, at least one source with a title (a URL only if it is http(s)); a member may record an event
 * only if it names itself or an alliance it belongs to on that date. Every problem names its field.
 */
export function checkEventInput(
  input: EventInput,
  actor: string,
  registry: Registry,
  today: string,
): TimelineEvent {
  if (!isValidDay(input.date))
    throw badInput('date', `'${input.date}' is not a date YYYY-MM-DD`).withDetail(
      { format: 'date' },
      'validation.format',
    );
  if (input.date > today)
    throw badInput(
      'date',
      `${input.date} is after today (${today}): record events that happened`,
    ).withDetail({ date: input.date, today }, 'date_in_future');
  const title = input.title.trim();
  if (title.length < 3 || title.length > 200)
    throw badInput('title', 'the title must be 3 to 200 characters').withDetail(
      { min: 3, max: 200 },
      'text_length',
    );
  if (input.description.length > 4000)
    throw badInput('description', 'the description must be at most 4000 characters').withDetail(
      { limit: 4000 },
      'validation.maxLength',
    );
  if (!input.states.length)
    throw badInput('states', 'name at least one state the event concerns').withDetail(
      { limit: 1 },
      'validation.minItems',
    );
  input.states.forEach((s, i) => {
    if (!registry.state(s))
      throw badInput(`states/${i}`, `'${s}' is not a known state code`).withDetail(
        { value: s },
        'unknown_state',
      );
  });
  input.allianceIds.forEach((a, i) => {
    if (!registry.alliance(a))
      throw badInput(`allianceIds/${i}`, `'${a}' is not a known alliance`).withDetail(
        { value: a },
        'unknown_alliance_id',
      );
  });
  if (!input.sources.length)
    throw badInput(
      'sources',
      'an event needs at least one source (title, and a URL if known)',
    ).withDetail({}, 'source_required');
  input.sources.forEach((s, i) => {
    if (!s.title.trim())
      throw badInput(`sources/${i}/title`, 'a source needs a title').withDetail(
        {},
        'validation.required',
      );
    if (s.url !== undefined && !URL_RE.test(s.url))
      throw badInput(`sources/${i}/url`, `'${s.url}' is not an http(s) URL`).withDetail(
        { value: s.url },
        'not_http_url',
      );
    if (s.date !== undefined && !/^\d{4}(-\d{2}-\d{2})?$/.test(s.date))
      throw badInput(`sources/${i}/date`, `'${s.date}' is not YYYY or YYYY-MM-DD`).withDetail(
        { value: s.date },
        'year_or_date',
      );
  });
  if (
    actor !== SECRETARIAT &&
    !input.states.includes(actor) &&
    !input.allianceIds.some((a) => registry.isActiveMember(a, actor, input.date))
  )
    throw forbidden(
      `${actor} may record an event only if it names ${actor} or an alliance ${actor} belongs to on ${input.date}`,
    ).withDetail({ member: actor, day: input.date }, 'event_not_concerning');
  const body = {
    date: input.date,
    title,
    description: input.description,
    states: input.states,
    allianceIds: input.allianceIds,
    sources: input.sources,
  };
  // The id is derived from the content, so the same event recorded twice is refused, not duplicated.
  const id = `${input.date}-act-${sha256Hex(canonicalJson(body)).slice(0, 12)}`;
  return { id, ...body };
}

/**
 * Records events as signed acts and keeps the registry's timeline in step. One node process serialises
 * its own recordings (a check and its append never interleave with another's).
 */
export class EventRecorder {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly record: RecordLog,
    private readonly registry: Registry,
  ) {}

  /** Adds the events recorded as acts (at start-up, after the seed). */
  async load(): Promise<number> {
    const acts = await this.record.list({ type: EVENT_ACT, limit: 1_000_000 });
    for (const act of acts) {
      const { event } = payloadOf(act, EVENT_ACT);
      if (!this.registry.events().some((e) => e.id === event.id)) this.registry.addEvent(event);
    }
    return acts.length;
  }

  recordEvent(
    actor: string,
    input: EventInput,
    today: string,
  ): Promise<{ event: TimelineEvent; actId: string; seq: number }> {
    const run = this.queue.then(async () => {
      const event = checkEventInput(input, actor, this.registry, today);
      if (this.registry.events().some((e) => e.id === event.id))
        throw conflict(
          'already_recorded',
          `this event is already recorded (${event.id})`,
        ).withDetail({ event: event.id }, 'event_already_recorded');
      const act = await this.record.append({
        actor,
        type: EVENT_ACT,
        subject: event.id,
        payload: { event },
      });
      this.registry.addEvent(event);
      return { event, actId: act.id, seq: act.seq };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
