import type {
  Alliance,
  Membership,
  MembershipRole,
  State,
  TimelineEvent,
} from '../registry/model.js';
import type { Act as RecordAct, Custody } from '../record/model.js';
import { fieldsOf, textOf } from './guards.js';

/** An act as /api/record serves it: with the custody of its signing key and whom it depicts. */
export type Act = RecordAct & {
  custody: Custody | null;
  depicts: string | null;
  /** Set when the act is served in a view (`public`, `own:<actor>`): seq, prevHash, hash are the view's (#19.2). */
  view?: string;
  /** In a view: the hash the actor signed (`signature`), without the act's position in the full record. */
  contentHash?: string;
};
export type { Alliance, Membership, MembershipRole, State, TimelineEvent, Custody };

/**
 * Which transparency log (#19.2): the public view's (everyone's), a member's own view's (its private
 * acts, that member's users only), the full record's (the secretariat's).
 */
export type LogView = 'public' | 'own' | 'full';

/** The latest checkpoint of the record's transparency log (GET /api/record/checkpoint). */
export interface CheckpointView {
  note: string;
  origin: string;
  size: number;
  rootHash: string;
  createdAt: string;
  log: { name: string; keyId: string };
  cosignatures: { name: string; keyId: string; time: string }[];
  witness: {
    name: string;
    keyId: string;
    inconsistencies: { at: string; reason: string; held: string; offered: string }[];
  };
}

/** RFC 9457 problem details as the API sends them, thrown by every helper on a non-2xx answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly code?: string,
    readonly field?: string,
    readonly body?: unknown,
    /** The stable machine code of `detail` (the console says it in the reader's language). */
    readonly detailCode?: string,
    /** The values `detail` is filled with. */
    readonly detailParams?: Record<string, string | number>,
  ) {
    super(field ? `${detail} (${field})` : detail);
    this.name = 'ApiError';
  }
}

/**
 * Who the console acts as: read from the node (`GET /api/auth/session`), which knows it from the HttpOnly
 * session cookie. The page never holds a session token (none in localStorage or in script memory), only
 * the CSRF token its writes must carry.
 */
export interface Session {
  /** ISO3 of the acting member, or 'SECRETARIAT'. */
  member: string;
  role: 'member' | 'secretariat';
  user: string;
  /** The session's id (a token id the secretariat can revoke); not a secret. */
  id: string;
  /** A demo session (the loopback embedded demo only). */
  demo: boolean;
  /** How it began: 'oidc:<provider>', 'demo', 'link', 'token', 'act-as'. */
  source: string | null;
  expiresAt: string | null;
  /** Sent back in x-tahaluf-csrf on every write. */
  csrf: string | null;
  /** A secretariat user acting as a member (they may switch member or return to the secretariat). */
  operator: boolean;
}

let current: Session | null = null;
/** Counts loadSession's questions, so the answer to one a later question has superseded is dropped. */
let asking = 0;
const sessionListeners = new Set<(s: Session | null) => void>();

export function getSession(): Session | null {
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  for (const fn of sessionListeners) fn(s);
}

/** Called whenever the acting member changes; returns an unsubscribe function. */
export function onSessionChange(fn: (s: Session | null) => void): () => void {
  sessionListeners.add(fn);
  return () => sessionListeners.delete(fn);
}

/**
 * The console's session from GET /api/auth/session's answer, read field by field: null when nobody is
 * signed in (or the answer is not one).
 */
function sessionFrom(answer: unknown): Session | null {
  const a = fieldsOf(answer);
  const id = textOf(a.id);
  if (a.signedIn !== true || !id || (a.role !== 'member' && a.role !== 'secretariat')) return null;
  return {
    member: a.role === 'secretariat' ? 'SECRETARIAT' : String(a.member),
    role: a.role,
    user: textOf(a.user) ?? '',
    id,
    demo: a.demo === true,
    source: textOf(a.source) ?? null,
    expiresAt: textOf(a.expiresAt) ?? null,
    csrf: textOf(a.csrf) ?? null,
    operator: a.operator === true,
  };
}

/**
 * Asks the node who the session cookie stands for, and makes that the console's session. An answer that
 * arrives after a later question was asked (the user signed in again meanwhile) may be about a superseded
 * cookie and is dropped: the later answer decides.
 */
export async function loadSession(): Promise<Session | null> {
  const asked = ++asking;
  const res = await fetch('/api/auth/session', {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  });
  const s = res.ok ? sessionFrom(await res.json()) : null;
  if (asked !== asking) return current;
  setSession(s);
  return s;
}

/**
 * The session ended as the node answered a request sent under `sent`: the console turns public, unless
 * another session has replaced `sent` since (a late answer for a member the user has already switched
 * away from says nothing about the session that acts now).
 */
function sessionEnded(sent: Session): void {
  if (current?.id === sent.id) setSession(null);
}

/** What sign-out said: the identity provider the session came from, and where to end its session there. */
export interface SignOut {
  provider: string | null;
  endSessionUrl: string | null;
}

/**
 * Set when an identity provider sends the browser back after RP-initiated logout: `#signed-out=<provider
 * id>`, or `#signout-error=<code>` when the return did not match a sign-out this browser began.
 */
export let signoutReturn: { provider: string } | { error: string } | null = null;
export function setSignoutReturn(r: typeof signoutReturn): void {
  signoutReturn = r;
}

/** Set by the OpenID Connect callback when a sign-in was refused (#signin-error=<code>); shown by the picker. */
export let signinError: string | null = null;
export function setSigninError(code: string | null): void {
  signinError = code;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Query parameters; undefined/null values are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Override the Accept header (e.g. 'application/xml' for CAP); the answer is then returned as text. */
  accept?: string;
  /** Send this API token as Authorization: Bearer (only to exchange it for a session); a 401 then keeps the session. */
  token?: string;
}

function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/**
 * Fetches from the node's API as the signed-in session (its cookie goes along); a write carries the CSRF
 * token. Parses JSON; throws ApiError on failure. A session the node says has ended (revoked, expired)
 * turns the console public.
 */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: opts.accept ?? 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const session = getSession();
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  else if (method !== 'GET' && session?.csrf) headers['x-tahaluf-csrf'] = session.csrf;
  const res = await fetch(withQuery(path, opts.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  if (session && res.headers.get('x-tahaluf-session') === 'ended') sessionEnded(session);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const json = /json/.test(type) && text ? safeParse(text) : undefined;
  if (!res.ok) {
    const p = fieldsOf(json);
    if (res.status === 401 && session && !opts.token) sessionEnded(session); // revoked or expired
    throw new ApiError(
      res.status,
      textOf(p.title) ?? res.statusText,
      textOf(p.detail) ?? textOf(p.message) ?? (text.slice(0, 200) || res.statusText),
      textOf(p.code),
      textOf(p.field),
      json,
      textOf(p.detailCode),
      paramsOf(p.detailParams),
    );
  }
  return (json !== undefined ? json : text) as T;
}

/** A problem's `detailParams`: its string and number members. */
function paramsOf(value: unknown): Record<string, string | number> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(fieldsOf(value)))
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const get = <T>(path: string, query?: RequestOptions['query']) =>
  request<T>(path, { query });
export const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body });

export interface MemberOnDateView {
  state: string;
  role: MembershipRole;
  suspended: boolean;
}
export interface MembersOnDate {
  /** The alliance id. */
  alliance: string;
  date: string;
  members: MemberOnDateView[];
}
export interface RecordQuery {
  type?: string;
  typePrefix?: string;
  subject?: string;
  actor?: string;
  /** Acts with seq greater than this. */
  afterSeq?: number;
  /** 1–1000, default 100. */
  limit?: number;
  /** Order by position (time), actor or type; the filters apply to the whole record first. */
  sort?: 'seq' | 'actor' | 'type';
  order?: 'asc' | 'desc';
  /** Matching acts to skip in that order. */
  offset?: number;
}
export type AllianceDetail = Alliance & { memberships: Membership[] };

/** Typed calls for the registry endpoints the shell and the map use. */
export const api = {
  states: () => get<State[]>('/api/states'),
  alliances: () => get<Alliance[]>('/api/alliances'),
  alliance: (id: string) => get<AllianceDetail>(`/api/alliances/${encodeURIComponent(id)}`),
  membersOn: (id: string, date: string) =>
    get<MembersOnDate>(`/api/alliances/${encodeURIComponent(id)}/members`, { date }),
  events: () => get<TimelineEvent[]>('/api/events'),
  record: (opts: RecordQuery = {}) =>
    get<{ acts: Act[]; total: number }>('/api/record', { ...opts }),
  act: (id: string) => get<Act>(`/api/record/${encodeURIComponent(id)}`),
  /** The latest checkpoint of a log (#19.2): the caller's default (public; full for the secretariat) or `view`. */
  checkpoint: (view?: LogView) =>
    get<CheckpointView>(`/api/record/checkpoint${view ? `?view=${view}` : ''}`),
  health: () => get<Record<string, unknown>>('/api/health'),
  /** Demo login (loopback embedded demo only): the node sets a short-lived demo session cookie. */
  demoLogin: async (member: string): Promise<Session | null> => {
    await post('/api/auth/demo-login', { member });
    return loadSession();
  },
  /** Exchanges the one-time code of a sign-in link for a secretariat (or national member) session cookie. */
  signin: async (code: string): Promise<Session | null> => {
    await request('/api/auth/signin', { method: 'POST', body: { code } });
    return loadSession();
  },
  /** A secretariat session acts as a member state (the node keeps the secretariat session aside). */
  actAs: async (member: string): Promise<Session | null> => {
    await post('/api/auth/act-as', { member });
    return loadSession();
  },
  /** Back from acting as a member to the secretariat session. */
  endActAs: async (): Promise<Session | null> => {
    await post('/api/auth/act-as/end', {});
    return loadSession();
  },
  /** A session cookie from a pasted API token (the token is sent once, never kept by the page). */
  tokenSession: async (token: string): Promise<Session | null> => {
    await request('/api/auth/token-session', { method: 'POST', token });
    return loadSession();
  },
  /**
   * Ends the session on the node. A session from an identity provider that offers RP-initiated logout
   * answers with `endSessionUrl`, where the caller sends the browser to end the provider's session too.
   */
  signOut: async (): Promise<SignOut> => {
    const a = fieldsOf(await request<unknown>('/api/auth/signout', { method: 'POST' }));
    setSession(null);
    return { provider: textOf(a.provider) ?? null, endSessionUrl: textOf(a.endSessionUrl) ?? null };
  },
  /** The identity providers (OpenID Connect) this node's users sign in with. */
  providers: () => get<{ id: string; label: string; login: string }[]>('/api/auth/providers'),
};

/** Today as YYYY-MM-DD (UTC), the default date for "members on". */
export const today = (): string => new Date().toISOString().slice(0, 10);
