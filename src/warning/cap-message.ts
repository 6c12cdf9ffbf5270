/** CAP 1.2 (OASIS) alert documents for members' civil-defence authorities. */
export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

export interface CapMessage {
  identifier: string;
  sender: string;
  /** Unix ms: the real time the message was issued (never ahead of the node clock). */
  sent: number;
  /** Accelerated/instant exercises: the simulated exercise time (Unix ms) at which it was issued. */
  simTime?: number;
  status: 'Actual' | 'Exercise';
  msgType: CapMsgType;
  member: string;
  threatId: string;
  /** Earlier messages of this alert: "sender,identifier,sent" each. */
  references: string[];
  /** Unix ms. */
  impactTime: number;
  /** Closed ring of [lat, lon], at least 4 points. */
  polygon: [number, number][];
  confidence: number;
  zones: number;
  note?: string;
}

export const capTime = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** CAP polygon: space-separated "lat,lon" pairs, closed, at least 4 points (CAP 1.2 §3.3.2.2). */
export function capPolygon(ring: [number, number][]): string {
  const r = ring.slice();
  const f = r[0],
    l = r[r.length - 1];
  if (f[0] !== l[0] || f[1] !== l[1]) r.push([f[0], f[1]]);
  if (r.length < 4) throw new Error('a CAP polygon needs at least 4 points');
  return r.map(([la, lo]) => `${la.toFixed(4)},${lo.toFixed(4)}`).join(' ');
}

export const capReference = (m: Pick<CapMessage, 'sender' | 'identifier' | 'sent'>) =>
  `${m.sender},${m.identifier},${capTime(m.sent)}`;

export function capXml(m: CapMessage): string {
  // In an accelerated exercise the impact time is simulated: time to impact counts from the simulated time.
  const tti = Math.max(0, Math.round((m.impactTime - (m.simTime ?? m.sent)) / 1000));
  const cancel = m.msgType === 'Cancel';
  const instruction = cancel
    ? 'All clear for this threat. Follow instructions from local authorities.'
    : `Take shelter immediately in the nearest building or shelter, away from windows, and stay there until the all clear. Expected impact in about ${tti} seconds.`;
  const expires = capTime(m.impactTime + (cancel ? 0 : 120_000));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    `  <identifier>${esc(m.identifier)}</identifier>`,
    `  <sender>${esc(m.sender)}</sender>`,
    `  <sent>${capTime(m.sent)}</sent>`,
    `  <status>${m.status}</status>`,
    `  <msgType>${m.msgType}</msgType>`,
    '  <scope>Restricted</scope>',
    `  <restriction>Civil defence authority of ${esc(m.member)}</restriction>`,
    ...(m.note ? [`  <note>${esc(m.note)}</note>`] : []),
    ...(m.references.length ? [`  <references>${esc(m.references.join(' '))}</references>`] : []),
    `  <incidents>${esc(m.threatId)}</incidents>`,
    '  <info>',
    '    <language>en</language>',
    '    <category>Safety</category>',
    '    <event>Ballistic missile threat</event>',
    `    <responseType>${cancel ? 'AllClear' : 'Shelter'}</responseType>`,
    `    <urgency>${cancel ? 'Past' : 'Immediate'}</urgency>`,
    `    <severity>${cancel ? 'Minor' : 'Extreme'}</severity>`,
    `    <certainty>${cancel ? 'Observed' : 'Likely'}</certainty>`,
    `    <expires>${expires}</expires>`,
    '    <senderName>Tahaluf regional early warning</senderName>',
    `    <headline>${cancel ? 'All clear: ballistic missile threat ended' : 'Ballistic missile threat: take shelter now'}</headline>`,
    `    <instruction>${esc(instruction)}</instruction>`,
    `    <parameter><valueName>TimeToImpactSeconds</valueName><value>${tti}</value></parameter>`,
    `    <parameter><valueName>PredictedImpactTime</valueName><value>${capTime(m.impactTime)}</value></parameter>`,
    `    <parameter><valueName>AreaConfidence</valueName><value>${m.confidence}</value></parameter>`,
    `    <parameter><valueName>WarningZonesH3</valueName><value>${m.zones}</value></parameter>`,
    ...(m.simTime !== undefined
      ? [
          `    <parameter><valueName>ExerciseSimulatedTime</valueName><value>${capTime(m.simTime)}</value></parameter>`,
        ]
      : []),
    '    <area>',
    `      <areaDesc>${cancel ? 'Previously threatened area' : 'Threatened area'} (${Math.round(m.confidence * 100)}% confidence) in ${esc(m.member)}</areaDesc>`,
    `      <polygon>${capPolygon(m.polygon)}</polygon>`,
    `      <geocode><valueName>ISO3166-1-alpha-3</valueName><value>${esc(m.member)}</value></geocode>`,
    '    </area>',
    '  </info>',
    '</alert>',
  ];
  return lines.join('\n') + '\n';
}
