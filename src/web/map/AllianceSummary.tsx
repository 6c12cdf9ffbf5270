import type { Alliance } from '../api.js';
import { Sources } from '../components/Sources.js';
import { useI18n } from '../i18n/index.js';

/** Name, status, dates and sources of the selected alliance. */
export function AllianceSummary({ alliance }: { alliance: Alliance }) {
  const { t, num, date, locale } = useI18n();
  // The registry's names: the reader's language first, the other one under it.
  const [first, second] =
    locale === 'ar' ? [alliance.nameAr, alliance.name] : [alliance.name, alliance.nameAr];
  return (
    <section className="panel alliance-summary" data-testid="alliance-summary">
      <header className="summary-head">
        <div>
          <h2>
            {first} <span className="muted">({alliance.short})</span>
          </h2>
          <div
            className={locale === 'ar' ? 'en-title' : 'ar-title'}
            lang={locale === 'ar' ? 'en' : 'ar'}
            dir={locale === 'ar' ? 'ltr' : 'rtl'}
          >
            {second}
          </div>
        </div>
        <div className="badges">
          <span className={`badge status-${alliance.status}`}>
            {t(`map.status.${alliance.status}`)}
          </span>
          <span className="badge">{t(`map.kind.${alliance.kind}`)}</span>
        </div>
      </header>
      <dl className="facts">
        <dt>{t('map.founded')}</dt>
        <dd>{alliance.founded ? date(alliance.founded) : t('map.notStated')}</dd>
        {alliance.ended && (
          <>
            <dt>{t('map.ended')}</dt>
            <dd>{date(alliance.ended)}</dd>
          </>
        )}
        {alliance.headquarters && (
          <>
            <dt>{t('map.headquarters')}</dt>
            <dd>
              <bdi>{alliance.headquarters}</bdi>
            </dd>
          </>
        )}
        {alliance.statedMemberCount && (
          <>
            <dt>{t('map.statedMembers')}</dt>
            <dd>
              {num(alliance.statedMemberCount.count)} —{' '}
              <bdi className="muted">{alliance.statedMemberCount.note}</bdi>
            </dd>
          </>
        )}
      </dl>
      <p className="description" dir="auto">
        {alliance.description}
      </p>
      <details>
        <summary>{t('map.sources', { count: num(alliance.sources.length) })}</summary>
        <Sources sources={alliance.sources} />
      </details>
    </section>
  );
}
