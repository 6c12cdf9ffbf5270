import { useState, type FormEvent } from 'react';
import { isOneOf } from '../guards.js';
import {
  api,
  setSigninError,
  setSignoutReturn,
  signinError,
  signoutReturn,
  type Session,
} from '../api.js';
import { useAsync, useStateNames, useStates } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { problemText } from '../problem-text.js';
import { Combobox, type ComboOption } from './Combobox.js';

const TOKEN = '__token__';
const OIDC = 'oidc:';

/** What a refused OpenID Connect sign-in's code means, in the reader's words (messages signin.error.*). */
const SIGNIN_ERRORS = [
  'state_mismatch',
  'sign_in_expired',
  'member_not_vouched',
  'no_secretariat_here',
  'unknown_clearance',
  'provider_unreachable',
] as const;
/** Why a provider's return after sign-out was not taken (messages signin.signoutError.*). */
const SIGNOUT_ERRORS = ['state_mismatch', 'sign_out_expired'] as const;

/**
 * "Acting as: …". Sessions live in an HttpOnly cookie the node sets; the console never holds a token.
 * A member's user signs in with the member's identity provider (OpenID Connect, one option per provider
 * the node lists) or with an API token the node issued (exchanged once for a session). A secretariat user
 * (sign-in link of `tahaluf start`, a secretariat provider or token) can act as any state and come back.
 * Only the loopback embedded demo (TAHALUF_DEMO_LOGIN=1) offers every state to anyone, marked as a demo;
 * a user signed in for real is never offered another member.
 */
export function MemberPicker({ session }: { session: Session | null }) {
  const i18n = useI18n();
  const { t, name, locale } = i18n;
  const states = useStates();
  const stateName = useStateNames();
  /** The node's refusal in the reader's language (the pasted token named as this form labels it). */
  const problem = (e: unknown) =>
    problemText(e, i18n, { labels: [[/^body\/member$/, t('signin.actingAs')]], stateName }).text;
  const health = useAsync(() => api.health(), []);
  const providers = useAsync(() => api.providers(), []);
  const [error, setError] = useState<string | null>(() => {
    const code = signinError;
    setSigninError(null);
    if (!code) return null;
    return isOneOf(SIGNIN_ERRORS, code) ? t(`signin.error.${code}`) : code;
  });
  // After sign-out: whether the identity provider's session was ended too, or why not (role="status").
  const [notice, setNotice] = useState<
    | { kind: 'provider'; provider: string }
    | { kind: 'hereOnly'; provider: string }
    | { kind: 'error'; code: (typeof SIGNOUT_ERRORS)[number] }
    | null
  >(() => {
    const r = signoutReturn;
    setSignoutReturn(null);
    if (!r) return null;
    if ('provider' in r) return { kind: 'provider', provider: r.provider };
    return isOneOf(SIGNOUT_ERRORS, r.error) ? { kind: 'error', code: r.error } : null;
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
    setNotice(null);
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
      if (!member) {
        const out = await api.signOut();
        // The provider's session ends at its end_session_endpoint; it sends the browser back here.
        if (out.endSessionUrl) {
          window.location.assign(out.endSessionUrl);
          return;
        }
        if (out.provider) setNotice({ kind: 'hereOnly', provider: out.provider });
      } else if (secretariat && member === 'SECRETARIAT') await api.endActAs();
      else if (secretariat) await api.actAs(member);
      else if (demo) await api.demoLogin(member);
      else throw new Error(t('signin.cannotActAs'));
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  }

  async function signIn(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    const pasted = token.trim();
    if (!pasted) return setError(t('signin.pasteToken'));
    setBusy(true);
    try {
      const s = await api.tokenSession(pasted);
      if (!s) throw new Error(t('signin.unknownToken'));
      setAskToken(false);
      setToken('');
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  }

  const providerLabel = (id: string) => providers.data?.find((p) => p.id === id)?.label ?? id;
  const noticeText = !notice
    ? null
    : notice.kind === 'provider'
      ? t('signin.signedOutAtProvider', { provider: providerLabel(notice.provider) })
      : notice.kind === 'hereOnly'
        ? t('signin.signedOutHereOnly', { provider: notice.provider })
        : t(`signin.signoutError.${notice.code}`);
  const sorted = [...(states.data ?? [])].sort((a, b) => name(a).localeCompare(name(b), locale));
  const pickable = demo || secretariat;
  const listed = new Set<string>([
    ...(secretariat ? ['SECRETARIAT'] : []),
    ...(pickable ? sorted.map((s) => s.iso3) : []),
  ]);
  const nameOf = (member: string) => {
    if (member === 'SECRETARIAT') return t('signin.secretariat');
    const s = sorted.find((x) => x.iso3 === member);
    return `${s ? name(s) : member} (${member})`;
  };
  const shown = session
    ? session.demo
      ? t('signin.demoSuffix', { name: nameOf(session.member) })
      : nameOf(session.member)
    : undefined;
  const options: ComboOption[] = [
    { value: '', label: session ? t('signin.publicSignOut') : t('signin.public') },
    ...(session && !listed.has(session.member)
      ? [{ value: session.member, label: t('signin.signedIn', { name: nameOf(session.member) }) }]
      : []),
    ...(secretariat ? [{ value: 'SECRETARIAT', label: t('signin.secretariat') }] : []),
    ...(pickable
      ? sorted.map((s) => {
          const label = `${name(s)} (${s.iso3})`;
          return {
            value: s.iso3,
            label:
              session?.demo && s.iso3 === session.member
                ? t('signin.demoSuffix', { name: label })
                : label,
            // Typing either language's name finds the state.
            keywords: `${s.nameEn} ${s.nameAr ?? ''}`,
            group: secretariat ? t('signin.groupActAs') : t('signin.groupDemo'),
          };
        })
      : []),
    ...(session
      ? []
      : (providers.data ?? []).map((p) => ({
          value: `${OIDC}${p.id}`,
          label: t('signin.withProvider', { provider: p.label }),
        }))),
    { value: TOKEN, label: t('signin.withToken') },
  ];
  return (
    <div className="member-picker">
      {(demoNode || session?.demo) && (
        <span className="demo-notice" data-testid="demo-notice" title={t('signin.demoTitle')}>
          {t('signin.demoNotice')}
        </span>
      )}
      <Combobox
        label={t('signin.actingAs')}
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
            translate="no"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-label={t('signin.token')}
            data-testid="token-input"
          />
          <button type="submit" disabled={busy} data-testid="token-submit">
            {t('signin.submit')}
          </button>
          <button
            type="button"
            onClick={() => {
              setAskToken(false);
              setError(null);
            }}
          >
            {t('signin.cancel')}
          </button>
        </form>
      )}
      {noticeText && (
        <span className="picker-notice" role="status" data-testid="signout-notice">
          {noticeText}{' '}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            {t('signin.dismiss')}
          </button>
        </span>
      )}
      {error && (
        <span className="picker-error" role="alert" title={error} data-testid="signin-error">
          {askToken ? t('signin.refused', { error }) : t('signin.loginRefused', { error })}
        </span>
      )}
    </div>
  );
}
