import { useEffect, useMemo, useState } from 'react';
import { api, today, type Alliance, type State, type TimelineEvent } from '../api.js';
import { DateField } from '../components/DateField.js';
import { RegionMap } from '../components/RegionMap.js';
import { useAsync, useHashRoute, useStates } from '../hooks.js';
import { AllianceSummary } from '../map/AllianceSummary.js';
import {
  LEGEND_LABELS,
  MEMBER_COLOURS,
  legendKey,
  shadeMembers,
  type LegendKey,
} from '../map/legend.js';
import { MembershipList } from '../map/MembershipList.js';
import { Timeline } from '../map/Timeline.js';
import { dateFor, isDay } from '../map/dates.js';

const DEFAULT_ALLIANCE = 'arab-league';

/** Route: #/map[/<alliance id>[/<YYYY-MM-DD>]] so a view of an alliance on a date can be linked. */
export function MapView() {
  const route = useHashRoute();
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
  const shaded = useMemo(() => shadeMembers(current), [current]);
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
          Alliance
          <select
            data-testid="alliance-select"
            value={allianceId}
            onChange={(e) => pickAlliance(e.target.value)}
          >
            {!alliances.data && <option value={allianceId}>{allianceId}</option>}
            {groupByStatus(alliances.data ?? []).map(([status, list]) => (
              <optgroup key={status} label={status}>
                {list.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.short})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <DateField
          label="Members on"
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
          Today
        </button>
        <span className="member-count" data-testid="member-count">
          {members.loading ? 'loading…' : `${current.length} on ${date}`}
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
              ariaLabel={`Members of ${alliance?.name ?? allianceId} on ${date}`}
            >
              <ul className="legend" data-testid="legend">
                {(Object.keys(MEMBER_COLOURS) as LegendKey[]).map((k) => (
                  <li key={k} className={counts[k] ? '' : 'empty'}>
                    <span
                      className={`swatch ${k === 'suspended' ? 'hatched' : ''}`}
                      style={{ background: MEMBER_COLOURS[k] }}
                    />
                    {LEGEND_LABELS[k]} <span className="muted">({counts[k]})</span>
                  </li>
                ))}
                <li>
                  <span className="swatch" style={{ background: 'var(--land)' }} />
                  Not a member on {date}
                </li>
              </ul>
            </RegionMap>
            {alliance?.status === 'proposed' && (
              <p className="notice">
                A proposal: not in force. Members shown are those the sources name as proposed
                participants.
              </p>
            )}
          </section>
          {events.data && (
            <Timeline events={events.data} allianceId={allianceId} onPick={pickEvent} />
          )}
          {events.error && (
            <p className="error-text">Timeline unavailable: {events.error.message}</p>
          )}
        </div>
        <aside className="side-column">
          {alliance && <AllianceSummary alliance={alliance} />}
          {detail.error && <p className="error-text">{detail.error.message}</p>}
          <section className="panel">
            <h2>Memberships</h2>
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
              <p className="muted">loading…</p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

const STATUS_ORDER = ['in_force', 'proposed', 'ended'];
const STATUS_LABEL: Record<string, string> = {
  in_force: 'In force',
  proposed: 'Proposed',
  ended: 'Ended',
};

function groupByStatus(list: Alliance[]): [string, Alliance[]][] {
  const groups = new Map<string, Alliance[]>();
  for (const a of list) groups.set(a.status, [...(groups.get(a.status) ?? []), a]);
  return [...groups.entries()]
    .sort(([a], [b]) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b))
    .map(([s, l]) => [STATUS_LABEL[s] ?? s, l]);
}
