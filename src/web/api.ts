import type {
  Alliance,
  Membership,
  MembershipRole,
  State,
  TimelineEvent,
} from '../registry/model.js';
import type { Act as RecordAct, Custody } from '../record/model.js';

/** An act as /api/record serves it: with the custody of its signing key and whom it depicts. */
export type Act = RecordAct & { custody: Custody | null; depicts: string | null };
export type { Alliance, Membership, MembershipRole, State, TimelineEvent, Custody };

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
  ) {
    super(field ? `${detail} (${field})` : detail);
    this.name = 'ApiError';
  }
}

export interface Session {
  token: string;
  member: string;
  /** A secretariat session token kept while acting as a member (sign-in link or pasted secretariat token). */
  operatorToken?: string;
}

const SESSION_KEY = 'tahaluf.session';
const sessionListeners = new Set<(s: Session | null) => void>();

export function getSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    const s = raw ? (JSON.parse(raw) as Session) : null;
    if (!s || typeof s.token !== 'string' || typeof s.member !== 'string') return null;
    return typeof s.operatorToken === 'string' || s.operatorToken === undefined ? s : null;
  } catch {
    return null;
  }
}

export function setSession(s: Session | null): void {
  if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else localStorage.removeItem(SESSION_KEY);
  for (const fn of sessionListeners) fn(s);
}

/** Called whenever the acting member changes; returns an unsubscribe function. */
export function onSessionChange(fn: (s: Session | null) => void): () => void {
  sessionListeners.add(fn);
  return () => sessionListeners.delete(fn);
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
  /** Send this token instead of the session's (e.g. to ask whose a pasted token is); a 401 then keeps the session. */
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

/** Fetches from the node's API with the acting member's token; parses JSON; throws ApiError on failure. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: opts.accept ?? 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const session = opts.token === undefined ? getSession() : null;
  const token = opts.token ?? session?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(withQuery(path, opts.query), {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const json = /json/.test(type) && text ? safeParse(text) : undefined;
  if (!res.ok) {
    const p = (json ?? {}) as {
      title?: string;
      detail?: string;
      code?: string;
      field?: string;
      message?: string;
    };
    if (res.status === 401 && session) setSession(null); // token revoked or node restarted with a new store
    throw new ApiError(
      res.status,
      p.title ?? res.statusText,
      p.detail ?? p.message ?? (text.slice(0, 200) || res.statusText),
      p.code,
      p.field,
      json,
    );
  }
  return (json !== undefined ? json : text) as T;
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
  checkpoint: () => get<CheckpointView>('/api/record/checkpoint'),
  health: () => get<Record<string, unknown>>('/api/health'),
  demoLogin: (member: string) =>
    post<Session>('/api/auth/demo-login', { member }).then((s) => ({
      token: s.token,
      member: s.member,
    })),
  /** Exchanges the one-time code of a sign-in link for a secretariat (or national member) session. */
  signin: async (code: string): Promise<Session> => {
    const s = await request<{ token: string; member: string; role: string }>('/api/auth/signin', {
      method: 'POST',
      body: { code },
      token: '',
    });
    return s.role === 'secretariat'
      ? { token: s.token, member: 'SECRETARIAT', operatorToken: s.token }
      : { token: s.token, member: s.member };
  },
  /** A secretariat session acts as a member state (a short member session minted by the node). */
  actAs: async (operatorToken: string, member: string): Promise<Session> => {
    const s = await request<{ token: string; member: string }>('/api/auth/act-as', {
      method: 'POST',
      body: { member },
      token: operatorToken,
    });
    return { token: s.token, member: s.member, operatorToken };
  },
};

/** Today as YYYY-MM-DD (UTC), the default date for "members on". */
export const today = (): string => new Date().toISOString().slice(0, 10);
