import type { Membership, State } from '../api.js';
import { Sources } from '../components/Sources.js';
import { useI18n } from '../i18n/index.js';

interface Props {
  memberships: Membership[];
  states: Map<string, State>;
  /** ISO3s that are members on the chosen date. */
  activeOnDate: Set<string>;
  date: string;
  selected: string | null;
  onSelect: (iso3: string | null) => void;
}

/** Every dated membership of the alliance: role, dates, suspensions, certainty and sources. */
export function MembershipList({
  memberships,
  states,
  activeOnDate,
  date,
  selected,
  onSelect,
}: Props) {
  const { t, date: fmtDate, locale } = useI18n();
  const period = (from: string | null, to: string | null) =>
    t('map.period', {
      from: from ? fmtDate(from) : t('map.founding'),
      to: to ? fmtDate(to) : t('map.present'),
    });
  const nameOf = (states: Map<string, State>, iso3: string) => {
    const s = states.get(iso3);
    return s ? (locale === 'ar' && s.nameAr ? s.nameAr : s.nameEn) : iso3;
  };
  const rows = [...memberships].sort(
    (a, b) =>
      nameOf(states, a.state).localeCompare(nameOf(states, b.state), locale) ||
      (a.from ?? '').localeCompare(b.from ?? ''),
  );
  if (rows.length === 0) return <p className="muted">{t('map.noMemberships')}</p>;
  return (
    <div className="membership-list">
      <table data-testid="membership-table">
        <thead>
          <tr>
            <th scope="col">{t('map.col.state')}</th>
            <th scope="col">{t('map.col.role')}</th>
            <th scope="col">{t('map.col.membership')}</th>
            <th scope="col">{t('map.col.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m, i) => {
            const s = states.get(m.state);
            const active = activeOnDate.has(m.state);
            return (
              <tr
                key={`${m.state}-${i}`}
                className={`${active ? 'active' : 'inactive'}${selected === m.state ? ' selected' : ''}`}
                data-iso3={m.state}
                onClick={() => onSelect(selected === m.state ? null : m.state)}
                title={t(active ? 'map.memberOn' : 'map.notMemberOn', { date: fmtDate(date) })}
              >
                <td>
                  <span className="state-name">{nameOf(states, m.state)}</span>
                  <span
                    className="state-ar"
                    lang={locale === 'ar' ? 'en' : 'ar'}
                    dir={locale === 'ar' ? 'ltr' : 'rtl'}
                  >
                    {locale === 'ar' ? s?.nameEn : s?.nameAr}
                  </span>
                  <span className="muted code">{m.state}</span>
                </td>
                <td>
                  <span className={`role role-${m.role}`}>{t(`map.role.${m.role}`)}</span>
                  {m.certainty === 'unverified' && (
                    <span className="badge warn" title={t('map.unverifiedHint')}>
                      {t('map.unverified')}
                    </span>
                  )}
                </td>
                <td>
                  <div>{period(m.from, m.to)}</div>
                  {m.suspensions.map((sp, j) => (
                    <div key={j} className="suspension">
                      {t('map.suspendedPeriod', { period: period(sp.from, sp.to) })}
                    </div>
                  ))}
                  {m.note && (
                    <div className="muted small" dir="auto">
                      {m.note}
                    </div>
                  )}
                </td>
                <td>
                  <details onClick={(e) => e.stopPropagation()}>
                    <summary>
                      {m.sources.length + m.suspensions.reduce((n, sp) => n + sp.sources.length, 0)}
                    </summary>
                    <Sources
                      sources={[...m.sources, ...m.suspensions.flatMap((sp) => sp.sources)]}
                      compact
                    />
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
