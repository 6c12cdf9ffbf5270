/** TAXII 2.1 media types (1.6.8 / 3.x): the exact strings the server sends. */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseRange(s: string): MediaRange {
  const [type, ...ps] = s.split(';').map((x) => x.trim());
  const params: Record<string, string> = {};
  for (const p of ps) {
    const i = p.indexOf('=');
    if (i > 0)
      params[p.slice(0, i).trim().toLowerCase()] = p
        .slice(i + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return { type: type.toLowerCase(), params };
}

/** Is `range` TAXII 2.1 JSON? `application/taxii+json` with no version means the latest, 2.1. */
const isTaxii21 = (r: MediaRange): boolean =>
  r.type === 'application/taxii+json' &&
  (r.params.version === undefined || r.params.version === '2.1');

/**
 * Does the Accept header admit the TAXII 2.1 media type? A missing header or a wildcard admits it;
 * naming only other types (application/json, version=2.0) does not: 406.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept || !accept.trim()) return true;
  return accept
    .split(',')
    .map(parseRange)
    .some(
      (r) => (isTaxii21(r) || r.type === '*/*' || r.type === 'application/*') && r.params.q !== '0',
    );
}

/** Is a request body's Content-Type TAXII 2.1 JSON? Anything else is 415. */
export function isTaxiiContentType(ct: string | undefined): boolean {
  return !!ct && isTaxii21(parseRange(ct));
}
