import { useState } from 'react';
import { get, post } from '../api.js';
import { useAsync } from '../hooks.js';
import { useLabelText } from './label-text.js';
import { useI18n } from '../i18n/index.js';
import { problemText } from '../problem-text.js';

interface Summary {
  total: number;
  sightings: { id: string; originator: string; count: number; label: string | null }[];
  anonymous: { reports: number; total: number };
}

const CLASSIFICATIONS = ['RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'];

/**
 * Sightings of one intelligence object (#19.6): how many the reader may know of (the originator also
 * counts anonymous ones), who reported those it may see, and a "Sighted" button that reports one under
 * the reader's own label (by default releasable to the object's originator only).
 */
export function Sightings({ id, originator }: { id: string; originator: string | null }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const labels = useLabelText();
  const url = `/api/intel/objects/${encodeURIComponent(id)}/sightings`;
  const s = useAsync(() => get<Summary>(url), [url]);
  const [open, setOpen] = useState(false);
  const [count, setCount] = useState('1');
  const [classification, setClassification] = useState('RESTRICTED');
  const [rel, setRel] = useState(originator ?? '');
  const [anonymous, setAnonymous] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const submit = async () => {
    try {
      await post(url, {
        count: Math.max(0, Math.floor(Number(count) || 0)),
        classification,
        releasableTo: rel
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
        countToOriginator: anonymous,
      });
      setMessage(t('sightings.reported'));
      setOpen(false);
      s.reload();
    } catch (e) {
      const labels: [RegExp, string][] = [
        [/\/count$/, t('sightings.count')],
        [/\/classification$/, t('sightings.classification')],
        [/\/releasableTo(\/\d+)?$/, t('sightings.releasableTo')],
      ];
      setMessage(t('sightings.failed', { message: problemText(e, i18n, { labels }).text }));
    }
  };
  return (
    <div className="sightings" data-testid="intel-sightings">
      <h3>{t('sightings.title')}</h3>
      {s.data ? (
        <>
          <p data-testid="intel-sightings-count" data-total={s.data.total}>
            {t('sightings.total', { total: s.data.total })}
          </p>
          <ul className="small">
            {s.data.sightings.map((x) => (
              <li key={x.id} data-testid="intel-sighting">
                {t('sightings.byMember', {
                  member: x.originator,
                  count: x.count,
                  label: x.label ? labels.text(x.label) : '—',
                })}
              </li>
            ))}
            {s.data.anonymous.reports ? (
              <li data-testid="intel-sighting-anonymous">
                {t('sightings.anonymous', {
                  reports: s.data.anonymous.reports,
                  total: num(s.data.anonymous.total),
                })}
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
      {message ? (
        <p className="small" role="status" data-testid="intel-sighting-message">
          {message}
        </p>
      ) : null}
      {open ? (
        <form
          aria-label={t('sightings.formTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            {t('sightings.count')}{' '}
            <input
              type="number"
              min={0}
              value={count}
              onChange={(e) => setCount(e.target.value)}
              data-testid="intel-sighting-count-input"
            />
          </label>{' '}
          <label>
            {t('sightings.classification')}{' '}
            <select
              value={classification}
              onChange={(e) => setClassification(e.target.value)}
              data-testid="intel-sighting-classification"
            >
              {CLASSIFICATIONS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <br />
          <label>
            {t('sightings.releasableTo')}{' '}
            <input
              value={rel}
              onChange={(e) => setRel(e.target.value)}
              data-testid="intel-sighting-rel"
            />
          </label>
          <br />
          <label>
            <input
              type="checkbox"
              checked={anonymous}
              onChange={(e) => setAnonymous(e.target.checked)}
              data-testid="intel-sighting-anonymous-input"
            />{' '}
            {t('sightings.countToOriginator')}
          </label>
          <br />
          <button type="submit" data-testid="intel-sighting-submit">
            {t('sightings.submit')}
          </button>{' '}
          <button type="button" onClick={() => setOpen(false)}>
            {t('sightings.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setOpen(true)} data-testid="intel-sighted">
          {t('sightings.sighted')}
        </button>
      )}
    </div>
  );
}
