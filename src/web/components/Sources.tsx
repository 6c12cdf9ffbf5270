import type { Source } from '../../registry/model.js';
import { useI18n } from '../i18n/index.js';

/** A compact list of citations; every seeded fact carries at least one. */
export function Sources({ sources, compact = false }: { sources: Source[]; compact?: boolean }) {
  const { t, date } = useI18n();
  if (!sources.length) return <span className="muted">{t('map.noSource')}</span>;
  return (
    <ul className={compact ? 'sources compact' : 'sources'}>
      {sources.map((s, i) => (
        <li key={i}>
          {s.url ? (
            <a href={s.url} target="_blank" rel="noreferrer noopener" dir="auto">
              {s.title}
            </a>
          ) : (
            <bdi>{s.title}</bdi>
          )}
          {s.date && (
            <span className="muted">
              {' '}
              ({/^\d{4}-\d{2}-\d{2}$/.test(s.date) ? date(s.date) : s.date})
            </span>
          )}
          {s.note && (
            <span className="source-note">
              {' '}
              — <bdi>{s.note}</bdi>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
