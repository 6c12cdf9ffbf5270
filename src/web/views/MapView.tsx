import { useEffect, useMemo, useState } from 'react';
import { keysOf } from '../guards.js';
import { api, today, type Alliance, type State, type TimelineEvent } from '../api.js';
import { DateField } from '../components/DateField.js';
import { RegionMap } from '../components/RegionMap.js';
import { useAsync, useHashRoute, useStates } from '../hooks.js';
import { useI18n, type MessageId } from '../i18n/index.js';
import { AllianceSummary } from '../map/AllianceSummary.js';
import { MEMBER_COLOURS, legendKey, shadeMembers, type LegendKey } from '../map/legend.js';
import { MembershipList } from '../map/MembershipList.js';
import { Timeline } from '../map/Timeline.js';
import { dateFor, isDay } from '../map/dates.js';

const DEFAULT_ALLIANCE = 'arab-league';

/** Route: #/map[/<alliance id>[/<YYYY-MM-DD>]] so a view of an alliance on a date can be linked. */
export function MapView() {
  const route = useHashRoute();
  const { t, num, date: fmtDate, name } = useI18n();
  const states = useStates();
  const alliances = useAsync(() => api.alliances(), []);
  const events = useAsync(() => api.events(), []);

  // While the hash moves to another tab this view renders once more: read only routes that are its own.
  const own = route.length === 0 || route[0] === 'map';
  const allianceId = (own && route[1]) || DEFAULT_ALLIANCE;
  const date = own && isDay(route[2]) ? route[2] : today();
  const go = (id: string, day: string | null) => {
    window.location.hash = `#/map/${encodeURIComponent(id)}${day ? `/${day}` : ''}`;
  };

  const detail = useAsync(() => api.alliance(allianceId), [allianceId]);
  const members = useAsync(() => api.membersOn(allianceId, date), [allianceId, date]);
  const [selected, setSelected] = useState<string | null>(null);
  const [eventStates, setEventStates] = useState<string[]>([]);
  useEffect(() => setSelected(null), [allianceId]);

  const stateIndex = useMemo(
    () => new Map((states.data ?? []).map((s: State) => [s.iso3, s])),
    [states.data],
  );
  const current = useMemo(
    () => (members.data && members.data.alliance === allianceId ? members.data.members : []),
    [members.data, allianceId],
  );
  const shaded = useMemo(
    () =>
      shadeMembers(
        current,
        (k) => t(`map.legend.${k}`),
        (r) => t(`map.role.${r}`),
      ),
    [current, t],
  );
  const counts = useMemo(() => {
    const c: Record<LegendKey, number> = { member: 0, observer: 0, guarantor: 0, suspended: 0 };
    for (const m of current) c[legendKey(m)] += 1;
    return c;
  }, [current]);

  function pickAlliance(id: string) {
    const a = alliances.data?.find((x) => x.id === id);
    go(id, a ? dateFor(a, isDay(route[2]) ? date : null) : null);
  }

  function pickEvent(e: TimelineEvent | null) {
    setEventStates(e?.states ?? []);
    setSelected(null);
    if (e) go(allianceId, e.date);
  }

  const alliance: Alliance | undefined = detail.data?.id === allianceId ? detail.data : undefined;
  return (
    <div className="map-view">
      <section className="panel map-controls">
        <label>
          {t('map.alliance')}
          <select
            data-testid="alliance-select"
            value={allianceId}
            onChange={(e) => pickAlliance(e.target.value)}
          >
            {!alliances.data && <option value={allianceId}>{allianceId}</option>}
            {groupByStatus(alliances.data ?? []).map(([status, list]) => (
              <optgroup key={status} label={t(statusLabel(status))}>
                {list.map((a) => (
                  <option key={a.id} value={a.id}>
                    {`${name({ nameEn: a.name, nameAr: a.nameAr })} (${a.short})`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <DateField
          label={t('map.membersOn')}
          testId="date-input"
          value={date}
          onChange={(day) => go(allianceId, day)}
        />
        <button
          type="button"
          className="link-button"
          onClick={() => go(allianceId, null)}
          disabled={!isDay(route[2])}
        >
          {t('map.today')}
        </button>
        <span className="member-count" data-testid="member-count">
          {members.loading
            ? t('map.loading')
            : t('map.countOn', { count: num(current.length), date: fmtDate(date) })}
        </span>
        {members.error && <span className="error-text">{members.error.message}</span>}
      </section>

      <div className="map-layout">
        <div className="map-column">
          <section className="panel">
            <RegionMap
              states={shaded}
              selected={selected ? [selected] : eventStates}
              onStateClick={(iso3) => setSelected(iso3 && stateIndex.has(iso3) ? iso3 : null)}
              ariaLabel={t('map.ariaMembers', {
                alliance: alliance
                  ? name({ nameEn: alliance.name, nameAr: alliance.nameAr })
                  : allianceId,
                date: fmtDate(date),
              })}
            >
              <ul className="legend" data-testid="legend">
                {keysOf(MEMBER_COLOURS).map((k) => (
                  <li key={k} className={counts[k] ? '' : 'empty'}>
                    <span
                      className={`swatch ${k === 'suspended' ? 'hatched' : ''}`}
                      style={{ background: MEMBER_COLOURS[k] }}
                    />
                    {t(`map.legend.${k}`)} <span className="muted">({num(counts[k])})</span>
                  </li>
                ))}
                <li>
                  <span className="swatch" style={{ background: 'var(--land)' }} />
                  {t('map.notMemberOn', { date: fmtDate(date) })}
                </li>
              </ul>
            </RegionMap>
            {alliance?.status === 'proposed' && <p className="notice">{t('map.proposalNotice')}</p>}
          </section>
          {events.data && (
            <Timeline events={events.data} allianceId={allianceId} onPick={pickEvent} />
          )}
          {events.error && (
            <p className="error-text">
              {t('map.timelineUnavailable', { message: events.error.message })}
            </p>
          )}
        </div>
        <aside className="side-column">
          {alliance && <AllianceSummary alliance={alliance} />}
          {detail.error && <p className="error-text">{detail.error.message}</p>}
          <section className="panel">
            <h2>{t('map.memberships')}</h2>
            {detail.data && detail.data.id === allianceId ? (
              <MembershipList
                memberships={detail.data.memberships}
                states={stateIndex}
                activeOnDate={new Set(current.map((m) => m.state))}
                date={date}
                selected={selected}
                onSelect={setSelected}
              />
            ) : (
              <p className="muted">{t('map.loading')}</p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

const STATUS_ORDER = ['in_force', 'proposed', 'ended'];
const statusLabel = (status: string): MessageId =>
  status === 'proposed'
    ? 'map.status.proposed'
    : status === 'ended'
      ? 'map.status.ended'
      : 'map.status.in_force';

function groupByStatus(list: Alliance[]): [string, Alliance[]][] {
  const groups = new Map<string, Alliance[]>();
  for (const a of list) groups.set(a.status, [...(groups.get(a.status) ?? []), a]);
  return [...groups.entries()]
    .sort(([a], [b]) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b))
    .map(([s, l]) => [s, l]);
}
