import { insertKey, type FederationTables } from '../federation/repository.js';
import type { Dialect } from '../store/database.js';
import { Federation } from './federation.js';
import { SIGNATURES_PROPERTY } from './signatures.js';
import { collUrl, openIntelEnv, postHeaders, type IntelTestEnv } from './testing.js';

/**
 * Three national nodes for the signed-object suites (#19.3), each holding only its own member's key: A = QAT,
 * B = SAU, C = KWT. Every node knows the public keys of `directory` (default all three) from the alliance key
 * directory (`alliance_keys` rows as the directory file loads them). B pulls from A as SAU, C from B as KWT;
 * `tamper`, when it returns a function, alters each GET answer a link receives (a compromised relay or link).
 */
export interface SignedNodes {
  nodes: Record<'A' | 'B' | 'C', IntelTestEnv>;
  keys: Record<string, { keyId: string; publicKey: string }>;
  bFromA: Federation;
  cFromB: Federation;
  close(): Promise<void>;
}

export async function openSignedNodes(
  dialect: Dialect,
  o: {
    directory?: readonly string[];
    tamper?: () => ((body: Record<string, unknown>) => void) | null;
  } = {},
): Promise<SignedNodes> {
  const national = (m: string) =>
    openIntelEnv(dialect, undefined, { TAHALUF_MODE: 'national', TAHALUF_MEMBER: m });
  const nodes = { A: await national('QAT'), B: await national('SAU'), C: await national('KWT') };
  const members = { QAT: nodes.A, SAU: nodes.B, KWT: nodes.C };
  const keys: SignedNodes['keys'] = {};
  for (const m of o.directory ?? ['QAT', 'SAU', 'KWT']) {
    const env = members[m as keyof typeof members];
    const k = await env.node.keyring.keyFor(m);
    keys[m] = { keyId: k.keyId, publicKey: k.publicKeyPem };
  }
  for (const env of Object.values(nodes))
    for (const [actor, k] of Object.entries(keys))
      await insertKey(env.node.store.db.withTables<FederationTables>(), {
        key_id: k.keyId,
        actor,
        public_key: k.publicKey,
        source: 'directory',
        stream_seq: null,
        registered_at: '2026-03-01T00:00:00.000Z',
      });
  const link = async (from: IntelTestEnv, to: IntelTestEnv, toMember: string, asMember: string) => {
    const addr = await to.app.listen({ port: 0, host: '127.0.0.1' });
    const token = (
      await to.auth(asMember, { clearance: 'SECRET', user: `node-${asMember}` })
    ).authorization.replace('Bearer ', '');
    const fetcher: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const tamper = o.tamper?.();
      if (!tamper || (init?.method ?? 'GET') !== 'GET') return res;
      const body = (await res.json()) as Record<string, unknown>;
      tamper(body);
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    };
    const fed = new Federation(from.node, fetcher);
    await fed.addPeer({
      name: `peer-${toMember}`,
      apiRoot: `${addr}/taxii2/api1/`,
      collection: 'gcc',
      token,
      peerMember: toMember,
      localCollection: 'gcc',
    });
    return fed;
  };
  return {
    nodes,
    keys,
    bFromA: await link(nodes.B, nodes.A, 'QAT', 'SAU'),
    cFromB: await link(nodes.C, nodes.B, 'SAU', 'KWT'),
    async close() {
      for (const env of Object.values(nodes)) await env.close();
    },
  };
}

/** What a TAXII POST of objects answers (its status resource). */
export interface PostStatus {
  success_count: number;
  failures?: { id: string; message: string }[];
  successes?: { id: string; message?: string }[];
}

/** POST of `objects` to the test collection as `member`'s SECRET sharer, with `signatures` carried beside them. */
export async function postObjects(
  env: IntelTestEnv,
  member: string,
  objects: Record<string, unknown>[],
  signatures?: unknown[],
): Promise<PostStatus> {
  const res = await env.app.inject({
    method: 'POST',
    url: `${collUrl()}/objects/`,
    headers: postHeaders(await env.auth(member, { clearance: 'SECRET', user: 'sharer' })),
    payload: JSON.stringify({
      objects,
      ...(signatures ? { [SIGNATURES_PROPERTY]: signatures } : {}),
    }),
  });
  return res.json<PostStatus>();
}
