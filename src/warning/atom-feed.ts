import { capTime } from './cap-message.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An Atom 1.0 feed of a member's CAP messages, newest first, each entry carrying the CAP XML inline. */
export function atomFeed(
  member: string,
  base: string,
  rows: { identifier: string; msg_type: string; sent: string; xml: string }[],
  nowMs: number,
): string {
  const updated = rows[0]?.sent ?? capTime(nowMs);
  const entries = rows.map((r) =>
    [
      '  <entry>',
      `    <id>urn:tahaluf:cap:${esc(r.identifier)}</id>`,
      `    <title>${esc(r.msg_type)}: ballistic missile threat</title>`,
      `    <updated>${r.sent}</updated>`,
      `    <link rel="alternate" type="application/cap+xml" href="${esc(base)}/cap/messages/${encodeURIComponent(r.identifier)}.xml"/>`,
      `    <content type="application/cap+xml">${r.xml.replace(/^<\?xml[^>]*>\s*/, '')}</content>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>urn:tahaluf:cap-feed:${esc(member)}</id>`,
    `  <title>Tahaluf early warning: CAP alerts for ${esc(member)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" href="${esc(base)}/cap/${esc(member)}.atom"/>`,
    '  <author><name>Tahaluf regional early warning</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
