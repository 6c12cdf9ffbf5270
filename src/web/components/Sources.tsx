import type { Source } from '../../registry/model.js';

/** A compact list of citations; every seeded fact carries at least one. */
export function Sources({ sources, compact = false }: { sources: Source[]; compact?: boolean }) {
  if (!sources.length) return <span className="muted">no source</span>;
  return (
    <ul className={compact ? 'sources compact' : 'sources'}>
      {sources.map((s, i) => (
        <li key={i}>
          {s.url ? (
            <a href={s.url} target="_blank" rel="noreferrer noopener">
              {s.title}
            </a>
          ) : (
            s.title
          )}
          {s.date && <span className="muted"> ({s.date})</span>}
          {s.note && <span className="source-note"> — {s.note}</span>}
        </li>
      ))}
    </ul>
  );
}
