import { useState, type FormEvent } from 'react';
import { api, signinError, setSigninError, type Session } from '../api.js';
import { useAsync, useStates } from '../hooks.js';
import { Combobox, type ComboOption } from './Combobox.js';

const TOKEN = '__token__';
const OIDC = 'oidc:';

/** What a refused OpenID Connect sign-in's code means, in the reader's words. */
const SIGNIN_ERRORS: Record<string, string> = {
  state_mismatch: 'the sign-in did not start from this browser, or took too long: try again',
  sign_in_expired: 'the sign-in took too long or was already used: try again',
  member_not_vouched: 'your identity provider does not vouch for a member this node serves',
  no_secretariat_here: 'a national node has no secretariat users',
  unknown_clearance: 'your identity provider sent a clearance this node does not know',
  provider_unreachable: 'the identity provider could not be reached',
};

/**
 * "Acting as: …". Sessions live in an HttpOnly cookie the node sets; the console never holds a token.
 * A member's user signs in with the member's identity provider (OpenID Connect, one option per provider
 * the node lists) or with an API token the node issued (exchanged once for a session). A secretariat user
 * (sign-in link of `tahaluf start`, a secretariat provider or token) can act as any state and come back.
 * Only the loopback embedded demo (TAHALUF_DEMO_LOGIN=1) offers every state to anyone, marked as a demo;
 * a user signed in for real is never offered another member.
 */
export function MemberPicker({ session }: { session: Session | null }) {
  const states = useStates();
  const health = useAsync(() => api.health(), []);
  const providers = useAsync(() => api.providers(), []);
  const [error, setError] = useState<string | null>(() => {
    const code = signinError;
    setSigninError(null);
    return code ? (SIGNIN_ERRORS[code] ?? code) : null;
  });
  const [busy, setBusy] = useState(false);
  const [askToken, setAskToken] = useState(false);
  const [token, setToken] = useState('');
  const secretariat = session?.role === 'secretariat' || session?.operator === true;
  const demoNode = health.data?.demoLogin === true;
  // The demo's states are offered to the public and to demo sessions, never over a real sign-in.
  const demo = demoNode && !secretariat && (!session || session.demo);

  async function choose(member: string) {
    setError(null);
    if (member === TOKEN) return setAskToken(true);
    if (member.startsWith(OIDC)) {
      const p = providers.data?.find((x) => x.id === member.slice(OIDC.length));
      if (p) window.location.assign(p.login);
      return;
    }
    if (member === (session?.member ?? '') && !askToken) return;
    setAskToken(false);
    setBusy(true);
    try {
      if (!member) await api.signOut();
      else if (secretariat && member === 'SECRETARIAT') await api.endActAs();
      else if (secretariat) await api.actAs(member);
      else if (demo) await api.demoLogin(member);
      else throw new Error('this session cannot act as another member');
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
      const s = await api.tokenSession(t).catch(() => null);
      if (!s)
        throw new Error('this node does not know that token (revoked, or issued by another node)');
      setAskToken(false);
      setToken('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...(states.data ?? [])].sort((a, b) => a.nameEn.localeCompare(b.nameEn));
  const pickable = demo || secretariat;
  const listed = new Set<string>([
    ...(secretariat ? ['SECRETARIAT'] : []),
    ...(pickable ? sorted.map((s) => s.iso3) : []),
  ]);
  const nameOf = (member: string) =>
    member === 'SECRETARIAT'
      ? 'Secretariat'
      : `${sorted.find((s) => s.iso3 === member)?.nameEn ?? member} (${member})`;
  const shown = session ? `${nameOf(session.member)}${session.demo ? ' — demo' : ''}` : undefined;
  const options: ComboOption[] = [
    { value: '', label: session ? 'Public (no member) — sign out' : 'Public (no member)' },
    ...(session && !listed.has(session.member)
      ? [{ value: session.member, label: `${nameOf(session.member)}, signed in` }]
      : []),
    ...(secretariat ? [{ value: 'SECRETARIAT', label: 'Secretariat' }] : []),
    ...(pickable
      ? sorted.map((s) => ({
          value: s.iso3,
          label: `${s.nameEn} (${s.iso3})${session?.demo && s.iso3 === session.member ? ' — demo' : ''}`,
          keywords: s.nameAr,
          group: secretariat ? 'States (act as)' : 'States (demo login, this machine only)',
        }))
      : []),
    ...(session
      ? []
      : (providers.data ?? []).map((p) => ({
          value: `${OIDC}${p.id}`,
          label: `Sign in with ${p.label}`,
        }))),
    { value: TOKEN, label: 'Sign in with a token…' },
  ];
  return (
    <div className="member-picker">
      {(demoNode || session?.demo) && (
        <span
          className="demo-notice"
          data-testid="demo-notice"
          title="TAHALUF_DEMO_LOGIN=1: any state can be chosen by anyone on this machine. Not for real use."
        >
          Demo: anyone on this machine may act as any state
        </span>
      )}
      <Combobox
        label="Acting as:"
        className="member-combobox"
        testId="member-select"
        options={options}
        value={askToken ? TOKEN : (session?.member ?? '')}
        valueLabel={shown}
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
        <span className="picker-error" role="alert" title={error} data-testid="signin-error">
          {askToken ? 'sign-in refused' : 'login refused'}: {error}
        </span>
      )}
    </div>
  );
}
