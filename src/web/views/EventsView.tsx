import { useState, type FormEvent } from 'react';
import { ApiError, get, request, type TimelineEvent } from '../api.js';
import { useAsync } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

const today = () => new Date().toISOString().slice(0, 10);
const problem = (e: unknown): string =>
  e instanceof ApiError ? `${e.detail}${e.field ? ` (${e.field})` : ''}` : String(e);
const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Route: #/events. The timeline, continued by its users: record an event with its sources (a signed act). */
export function EventsView() {
  const { t, date, list: join } = useI18n();
  const events = useAsync(() => get<TimelineEvent[]>('/api/events'), []);
  const latest = [...(events.data ?? [])].reverse().slice(0, 30);
  return (
    <div className="events-view">
      <EventForm onDone={events.reload} />
      <section className="panel">
        <h2>{t('events.latest')}</h2>
        {events.error && <p className="error-text">{events.error.message}</p>}
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
      setError(problem(err));
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
