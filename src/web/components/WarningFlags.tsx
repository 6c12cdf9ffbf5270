import { useI18n } from '../i18n/index.js';

/** A warning-list match the API reports on an object (`warnings` of the intel feed, search and object answers). */
export interface WarningFlag {
  list: string;
  value: string;
}

/**
 * Shows that an object matched warning lists of well-known values (public resolvers, cloud ranges…):
 * `compact` as a small badge in a table row, otherwise as a note listing each list and value.
 * Nothing when there is no flag.
 */
export function WarningFlags({ flags, compact }: { flags?: WarningFlag[]; compact?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!flags?.length) return null;
  const lists = [...new Set(flags.map((f) => f.list))];
  if (compact)
    return (
      <span
        className="badge warn"
        data-testid="intel-warning-badge"
        title={t('wl.badgeTitle', { lists: i18n.list(lists) })}
      >
        {t('wl.badge')}
      </span>
    );
  return (
    <div className="notice warn" role="note" data-testid="intel-warning-note">
      <p>{t('wl.note')}</p>
      <ul>
        {flags.map((f) => (
          <li key={`${f.list}|${f.value}`}>{t('wl.entry', { list: f.list, value: f.value })}</li>
        ))}
      </ul>
    </div>
  );
}
