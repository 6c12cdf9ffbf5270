import { useState } from 'react';
import { api, setSession, type Session } from '../api.js';
import { useStates } from '../hooks.js';

/** "Acting as: …": demo login as a member state (the node honours it from loopback only). */
export function MemberPicker({ session }: { session: Session | null }) {
  const states = useStates();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(member: string) {
    setError(null);
    if (!member) return setSession(null);
    setBusy(true);
    try {
      setSession(await api.demoLogin(member));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...(states.data ?? [])].sort((a, b) => a.nameEn.localeCompare(b.nameEn));
  return (
    <div className="member-picker">
      <label htmlFor="acting-as">Acting as:</label>
      <select id="acting-as" data-testid="member-select" value={session?.member ?? ''} disabled={busy} onChange={(e) => void choose(e.target.value)}>
        <option value="">Public (no member)</option>
        <option value="SECRETARIAT">Secretariat</option>
        {session && session.member !== 'SECRETARIAT' && !sorted.some((s) => s.iso3 === session.member) && <option value={session.member}>{session.member}</option>}
        <optgroup label="Member states">
          {sorted.map((s) => (
            <option key={s.iso3} value={s.iso3}>
              {s.nameEn} ({s.iso3})
            </option>
          ))}
        </optgroup>
      </select>
      {error && (
        <span className="picker-error" role="alert" title={error}>
          login refused: {error}
        </span>
      )}
    </div>
  );
}
