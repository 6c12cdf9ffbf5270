import { useState, type FormEvent } from 'react';
import { get, request, type TimelineEvent } from '../api.js';
import { useAsync, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import { useSession } from '../session.js';

const today = () => new Date().toISOString().slice(0, 10);
/** The event form's labels for the API's fields (`title`, `states/0`, `sources/0/url` …). */
const labels = (t: I18n['t']): FieldLabels => [
  [/(^|\/)date$/, t('events.date')],
  [/(^|\/)title$/, t('events.title')],
  [/(^|\/)description$/, t('events.description')],
  [/(^|\/)states(\/\d+)?$/, t('events.states')],
  [/(^|\/)allianceIds(\/\d+)?$/, t('events.alliances')],
  [/(^|\/)sources(\/\d+)?(\/title)?$/, t('events.sourceTitle')],
  [/(^|\/)sources\/\d+\/url$/, t('events.sourceUrl')],
];
const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Route: #/events. The timeline, continued by its users: record an event with its sources (a signed act). */
export function EventsView() {
  const i18n = useI18n();
  const { t, date, list: join } = i18n;
  const events = useAsync(() => get<TimelineEvent[]>('/api/events'), []);
  const latest = [...(events.data ?? [])].reverse().slice(0, 30);
  return (
    <div className="events-view">
      <EventForm onDone={events.reload} />
      <section className="panel">
        <h2>{t('events.latest')}</h2>
        {events.error && <p className="error-text">{problemText(events.error, i18n).text}</p>}
        <ol data-testid="events-list">
          {latest.map((e) => (
            <li key={e.id}>
              {date(e.date)} — <bdi>{e.title}</bdi> ({join(e.states)}){' '}
              <bdi className="muted">{e.sources.map((s) => s.title).join('; ')}</bdi>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function EventForm({ onDone }: { onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const stateName = useStateNames();
  const session = useSession();
  const [date, setDate] = useState(today());
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [states, setStates] = useState('');
  const [alliances, setAlliances] = useState('');
  const [sourceTitle, setSourceTitle] = useState('');
  const [sourceUrl, setSourceUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!session) return <p className="panel muted">{t('events.signIn')}</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const r = await request<{ event: { id: string }; seq: number }>('/api/events', {
        method: 'POST',
        body: {
          date,
          title,
          description,
          states: list(states.toUpperCase()),
          allianceIds: list(alliances),
          sources: sourceTitle
            ? [{ title: sourceTitle, ...(sourceUrl ? { url: sourceUrl } : {}) }]
            : [],
        },
      });
      setDone(
        i18n.t('answers.done.eventRecorded', {
          title,
          date: i18n.date(date),
          seq: i18n.num(r.seq),
        }),
      );
      onDone();
    } catch (err) {
      setError(problemText(err, i18n, { labels: labels(t), stateName }).text);
    }
  };
  return (
    <section className="panel">
      <form className="stack" data-testid="events-form" onSubmit={(e) => void submit(e)}>
        <h2>
          {t('events.recordAs', {
            who: session.member === 'SECRETARIAT' ? t('events.theSecretariat') : session.member,
          })}
        </h2>
        <label>
          {t('events.date')}{' '}
          <input
            data-testid="events-date"
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </label>
        <label>
          {t('events.title')}{' '}
          <input
            data-testid="events-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          {t('events.description')}
          <textarea
            data-testid="events-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <label>
          {t('events.states')}
          <input
            data-testid="events-states"
            value={states}
            onChange={(e) => setStates(e.target.value)}
          />
        </label>
        <label>
          {t('events.alliances')}
          <input
            data-testid="events-alliances"
            value={alliances}
            onChange={(e) => setAlliances(e.target.value)}
          />
        </label>
        <label>
          {t('events.sourceTitle')}{' '}
          <input
            data-testid="events-source-title"
            value={sourceTitle}
            onChange={(e) => setSourceTitle(e.target.value)}
          />
        </label>
        <label>
          {t('events.sourceUrl')}{' '}
          <input
            data-testid="events-source-url"
            value={sourceUrl}
            onChange={(e) => setSourceUrl(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="events-submit">
          {t('events.submit')}
        </button>
        {error && (
          <p className="error-text" data-testid="events-error">
            {error}
          </p>
        )}
        {done && <p data-testid="events-done">{done}</p>}
      </form>
    </section>
  );
}
