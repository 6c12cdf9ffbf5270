import { useState, type FormEvent } from 'react';
import { api, request, setSession, type Session } from '../api.js';
import { useAsync, useStates } from '../hooks.js';
import { Combobox, type ComboOption } from './Combobox.js';

const TOKEN = '__token__';

/**
 * "Acting as: …". A secretariat user (signed in with the link `tahaluf start` prints, or a pasted
 * secretariat token) can act as any state: the node mints a short member session (`POST /api/auth/act-as`)
 * and the secretariat session is kept to switch back. A node with demo login on (TAHALUF_DEMO_LOGIN=1,
 * this machine only) offers the states to anyone, never the secretariat. Everywhere a user can sign in with
 * the API token its node issued (`tahaluf token create`): the console asks `GET /api/whoami` whose it is.
 */
export function MemberPicker({ session }: { session: Session | null }) {
  const states = useStates();
  const health = useAsync(() => api.health(), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [askToken, setAskToken] = useState(false);
  const [token, setToken] = useState('');
  const operatorToken = session?.operatorToken;
  const demo = !operatorToken && health.data?.demoLogin === true;

  async function choose(member: string) {
    setError(null);
    if (member === TOKEN) return setAskToken(true);
    if (member === (session?.member ?? '') && !askToken) return;
    setAskToken(false);
    if (!member) return setSession(null);
    setBusy(true);
    try {
      if (operatorToken && member === 'SECRETARIAT')
        setSession({ token: operatorToken, member, operatorToken });
      else if (operatorToken) setSession(await api.actAs(operatorToken, member));
      else setSession(await api.demoLogin(member));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function signIn(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    const t = token.trim();
    if (!t) return setError('paste the token your node issued');
    setBusy(true);
    try {
      const who = await request<{ role: string; member: string | null }>('/api/whoami', {
        token: t,
      }).catch(() => null);
      if (!who || who.role === 'public')
        throw new Error('this node does not know that token (revoked, or issued by another node)');
      setSession(
        who.role === 'secretariat'
          ? { token: t, member: 'SECRETARIAT', operatorToken: t }
          : { token: t, member: String(who.member) },
      );
      setAskToken(false);
      setToken('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...(states.data ?? [])].sort((a, b) => a.nameEn.localeCompare(b.nameEn));
  const pickable = demo || !!operatorToken;
  const listed = new Set<string>([
    ...(operatorToken ? ['SECRETARIAT'] : []),
    ...(pickable ? sorted.map((s) => s.iso3) : []),
  ]);
  const nameOf = (member: string) =>
    member === 'SECRETARIAT'
      ? 'Secretariat'
      : `${sorted.find((s) => s.iso3 === member)?.nameEn ?? member} (${member})`;
  const options: ComboOption[] = [
    { value: '', label: 'Public (no member)' },
    ...(session && !listed.has(session.member)
      ? [{ value: session.member, label: `${nameOf(session.member)}, signed in` }]
      : []),
    ...(operatorToken ? [{ value: 'SECRETARIAT', label: 'Secretariat' }] : []),
    ...(pickable
      ? sorted.map((s) => ({
          value: s.iso3,
          label: `${s.nameEn} (${s.iso3})`,
          keywords: s.nameAr,
          group: operatorToken ? 'States (act as)' : 'States (demo login)',
        }))
      : []),
    { value: TOKEN, label: 'Sign in with a token…' },
  ];
  return (
    <div className="member-picker">
      <Combobox
        label="Acting as:"
        className="member-combobox"
        testId="member-select"
        options={options}
        value={askToken ? TOKEN : (session?.member ?? '')}
        valueLabel={session ? nameOf(session.member) : undefined}
        disabled={busy}
        onChoose={(v) => void choose(v)}
      />
      {askToken && (
        <form className="token-form" onSubmit={(e) => void signIn(e)}>
          <input
            type="password"
            autoComplete="off"
            placeholder="thf_…"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-label="API token"
            data-testid="token-input"
          />
          <button type="submit" disabled={busy} data-testid="token-submit">
            Sign in
          </button>
          <button
            type="button"
            onClick={() => {
              setAskToken(false);
              setError(null);
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {error && (
        <span className="picker-error" role="alert" title={error}>
          {askToken ? 'sign-in refused' : 'login refused'}: {error}
        </span>
      )}
    </div>
  );
}
