import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Webhooks a member may register. */
export const MAX_WEBHOOKS_PER_MEMBER = 10;

/**
 * Where a CAP webhook may not point (SSRF, #16.7): loopback, private, shared, link-local (incl. the cloud
 * metadata address), unspecified, multicast and reserved ranges, IPv4 and IPv6 (IPv4-mapped IPv6 is checked
 * as its IPv4 address). Numeric host forms (2130706433, 0x7f000001, 0177.0.0.1) are normalised to dotted
 * quads by the URL parser before the check.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

const METADATA_NAMES = /^(metadata|metadata\.google\.internal|.*\.metadata\.google\.internal)$/;

export interface WebhookPolicy {
  /** Development (TAHALUF_WEBHOOKS_DEV=1): plain http and private or loopback targets allowed. */
  development: boolean;
}

/** Why an address may not be a webhook target (null: it may). */
export function forbiddenAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return forbiddenAddress(mapped[1]);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(bare);
  if (hexMapped) {
    const high = parseInt(hexMapped[1], 16);
    const low = parseInt(hexMapped[2], 16);
    return forbiddenAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const family = isIP(bare);
  if (family === 0) return null;
  if (BLOCKED.check(bare, family === 4 ? 'ipv4' : 'ipv6'))
    return `a loopback, private, link-local or reserved address (${bare})`;
  return null;
}

/**
 * Checks a webhook URL at registration: https (http in development), no credentials, and a host that is
 * not a forbidden address or metadata name. Names are resolved again at every delivery (`deliver`), so a
 * name that later resolves to a forbidden address (DNS rebinding) is caught there.
 */
export function webhookUrlProblem(raw: string, policy: WebhookPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(policy.development && url.protocol === 'http:'))
    return policy.development ? 'url must be http(s)' : 'url must be https';
  if (url.username || url.password) return 'url must carry no credentials';
  const host = url.hostname.toLowerCase();
  if (METADATA_NAMES.test(host)) return 'url must not point at a metadata service';
  if (policy.development) {
    // Even in development, never the link-local/metadata range.
    const bare = host.replace(/^\[|\]$/g, '');
    if (/^(::ffff:)?169\.254\./.test(bare) || /^fe[89ab][0-9a-f]?:/.test(bare))
      return 'url must not point at a link-local address';
    return null;
  }
  if (host === 'localhost' || host.endsWith('.localhost'))
    return 'url must not point at this machine';
  const why = forbiddenAddress(host);
  return why ? `url must not point at ${why}` : null;
}

/** A DNS lookup that refuses forbidden addresses: used by every delivery connection. */
export function guardedLookup(
  policy: WebhookPolicy,
  resolve: LookupFunction = dnsLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list: LookupAddress[] = Array.isArray(addresses)
        ? addresses
        : [{ address: addresses, family: 4 }];
      const bad = policy.development
        ? undefined
        : list.find((entry) => forbiddenAddress(entry.address));
      if (bad || list.length === 0)
        return callback(
          Object.assign(
            new Error(`webhook host ${hostname} resolves to a forbidden address ${bad?.address}`),
            { code: 'EWEBHOOKFORBIDDEN' },
          ),
          '',
          0,
        );
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** How `postWithRetries` POSTs a document: `fetch` fits it, and so does `guardedFetch`. */
export type WebhookPost = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ ok: boolean }>;

/** `deliver` in the shape `postWithRetries` takes. */
export function guardedFetch(policy: WebhookPolicy, resolve?: LookupFunction): WebhookPost {
  return async (url, init) => ({ ok: await deliver(url, init.body, policy, resolve) });
}

/**
 * POSTs to a webhook, checking the connected address at connect time (the lookup above; a literal IP host
 * is checked before connecting). Resolves to true on a 2xx answer.
 */
export function deliver(
  url: string,
  body: string,
  policy: WebhookPolicy,
  resolve?: LookupFunction,
): Promise<boolean> {
  const target = new URL(url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!policy.development && isIP(literal) && forbiddenAddress(literal))
    return Promise.resolve(false);
  if (webhookUrlProblem(url, policy)) return Promise.resolve(false);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/cap+xml',
          'content-length': Buffer.byteLength(body),
        },
        lookup: guardedLookup(policy, resolve),
        timeout: 5000,
      },
      (res) => {
        res.resume();
        done((res.statusCode ?? 500) >= 200 && (res.statusCode ?? 500) < 300);
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', () => done(false));
    req.end(body);
  });
}
