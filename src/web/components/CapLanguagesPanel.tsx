import { useEffect, useState, type FormEvent } from 'react';
import { get, request } from '../api.js';
import { useAsync, useStateNames, useStates } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { problemText } from '../problem-text.js';
import { useSession } from '../session.js';

/** GET/PUT/DELETE /api/warning/cap-languages/{member} (docs/warning.md). */
interface CapLanguages {
  member: string;
  languages: string[];
  set: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

const tagsOf = (text: string) =>
  text
    .split(/[\s,،]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The languages a member's civil defence gets its CAP messages in (one `<info>` per language, #13):
 * a member's user sees and sets its own member's; the secretariat chooses the member. Refusals are said
 * in the reader's language, the field named as this form labels it.
 */
export function CapLanguagesPanel() {
  const session = useSession();
  const i18n = useI18n();
  const { t, dateTime, list, language } = i18n;
  const stateName = useStateNames();
  const states = useStates();
  const secretariat = session?.member === 'SECRETARIAT';
  const [chosen, setChosen] = useState('');
  const member = secretariat ? chosen : (session?.member ?? '');
  const url = `/api/warning/cap-languages/${encodeURIComponent(member)}`;
  const current = useAsync(
    () => (member ? get<CapLanguages>(url) : Promise.resolve(null)),
    [url, member],
  );
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The field starts from the member's current setting.
  useEffect(() => {
    if (current.data) setText(current.data.languages.join(', '));
  }, [current.data]);
  if (!session) return null;
  const fieldLabel = t('warning.capLang.field');
  const problem = (e: unknown) =>
    problemText(e, i18n, {
      labels: [[/^body\/languages(\/\d+)?$/, fieldLabel]],
      stateName,
    }).text;
  const send = async (method: 'PUT' | 'DELETE') => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await request<CapLanguages>(url, {
        method,
        ...(method === 'PUT' ? { body: { languages: tagsOf(text) } } : {}),
      });
      setText(r.languages.join(', '));
      setDone(
        r.set
          ? t('warning.capLang.saved', {
              member: stateName(r.member),
              list: list(r.languages.map(language)),
            })
          : t('warning.capLang.cleared', { member: stateName(r.member) }),
      );
      current.reload();
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void send('PUT');
  };
  const c = current.data;
  const sorted = [...(states.data ?? [])].sort((a, b) =>
    stateName(a.iso3).localeCompare(stateName(b.iso3), i18n.locale),
  );
  return (
    <section className="panel" data-testid="cap-languages" aria-labelledby="cap-languages-h">
      <h2 id="cap-languages-h">{t('warning.capLang.title')}</h2>
      <p className="small muted">{t('warning.capLang.explained')}</p>
      {secretariat && (
        <label>
          {t('warning.capLang.member')}{' '}
          <select
            value={chosen}
            onChange={(e) => {
              setChosen(e.target.value);
              setError(null);
              setDone(null);
            }}
            data-testid="cap-languages-member"
          >
            <option value="">{t('warning.capLang.chooseMember')}</option>
            {sorted.map((s) => (
              <option key={s.iso3} value={s.iso3}>
                {stateName(s.iso3)} ({s.iso3})
              </option>
            ))}
          </select>
        </label>
      )}
      {current.error && (
        <p className="error-text" role="alert">
          {problem(current.error)}
        </p>
      )}
      {c && (
        <>
          <p data-testid="cap-languages-current" data-languages={c.languages.join(',')}>
            {c.set
              ? t('warning.capLang.current', {
                  member: stateName(c.member),
                  list: list(c.languages.map(language)),
                  at: c.updatedAt ? dateTime(c.updatedAt) : '—',
                  by: c.updatedBy ? stateName(c.updatedBy) : '—',
                })
              : t('warning.capLang.default', { member: stateName(c.member) })}
          </p>
          <form onSubmit={submit} className="stack" data-testid="cap-languages-form">
            <label>
              {fieldLabel}{' '}
              <input
                value={text}
                onChange={(e) => setText(e.target.value)}
                dir="ltr"
                translate="no"
                aria-describedby="cap-languages-hint"
                data-testid="cap-languages-input"
              />
            </label>
            <span id="cap-languages-hint" className="small muted">
              {t('warning.capLang.hint')}
            </span>
            <span>
              <button type="submit" disabled={busy} data-testid="cap-languages-save">
                {t('warning.capLang.save')}
              </button>{' '}
              <button
                type="button"
                disabled={busy || !c.set}
                onClick={() => void send('DELETE')}
                data-testid="cap-languages-reset"
              >
                {t('warning.capLang.reset')}
              </button>
            </span>
          </form>
        </>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="cap-languages-error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" data-testid="cap-languages-done">
          {done}
        </p>
      )}
    </section>
  );
}
