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

/** The languages the warning text is written in (a requested tag's primary subtag picks one). */
export const CAP_TEXT_LANGUAGES = ['en', 'ar'] as const;
export type CapTextLanguage = (typeof CAP_TEXT_LANGUAGES)[number];

/** How a member asked for its CAP messages: one `<info>` per language tag, in this order. */
export interface CapInfoOptions {
  /** RFC 5646 tags (`ar`, `en-GB`); absent or empty: one English `<info>` as always. */
  languages?: string[];
  /** The member's name by language (the registry's English and Arabic names); else its ISO3 code. */
  memberNames?: Partial<Record<CapTextLanguage, string>>;
}

/** The language whose text a tag gets: its primary subtag (`ar-QA` → ar), when Tahaluf writes it. */
export const capTextLanguage = (tag: string): CapTextLanguage | null => {
  const primary = tag.split('-')[0].toLowerCase();
  return CAP_TEXT_LANGUAGES.find((l) => l === primary) ?? null;
};

interface CapText {
  event: string;
  senderName: string;
  headline: string;
  description: string;
  instruction: string;
  areaDesc: string;
}

/** The warning's words in one language: neutral and factual, what is known and what to do. */
function capText(
  lang: CapTextLanguage,
  m: CapMessage,
  name: string,
  tti: number,
  pct: number,
): CapText {
  const cancel = m.msgType === 'Cancel';
  const impact = capTime(m.impactTime).replace('+00:00', '');
  if (lang === 'ar')
    return {
      event: 'تهديد صاروخ باليستي',
      senderName: 'الإنذار المبكر الإقليمي لتحالف',
      headline: cancel
        ? 'زوال الخطر: انتهى تهديد الصاروخ الباليستي'
        : 'تهديد صاروخ باليستي: احتموا فورًا',
      description: cancel
        ? `انتهى تهديد الصاروخ الباليستي للمنطقة المحددة في ${name}.`
        : `${m.msgType === 'Update' ? 'حُدّثت المنطقة المهددة. ' : ''}رُصد صاروخ باليستي قد يسقط في المنطقة المحددة في ${name}. الارتطام متوقع في ${impact} بالتوقيت العالمي المنسق، أي بعد نحو ${tti} ثانية. درجة الثقة في المنطقة ${pct}٪.`,
      instruction: cancel
        ? 'زال الخطر بشأن هذا التهديد. اتبعوا تعليمات السلطات المحلية.'
        : `احتموا فورًا في أقرب مبنى أو ملجأ، بعيدًا عن النوافذ، وابقوا فيه حتى إعلان زوال الخطر. الارتطام متوقع بعد نحو ${tti} ثانية.`,
      areaDesc: `${cancel ? 'المنطقة التي كانت مهددة' : 'المنطقة المهددة'} (درجة الثقة ${pct}٪) في ${name}`,
    };
  return {
    event: 'Ballistic missile threat',
    senderName: 'Tahaluf regional early warning',
    headline: cancel
      ? 'All clear: ballistic missile threat ended'
      : 'Ballistic missile threat: take shelter now',
    description: cancel
      ? `The ballistic missile threat to the area described in ${name} has ended.`
      : `${m.msgType === 'Update' ? 'The threatened area has been updated. ' : ''}A ballistic missile that may come down in the area described in ${name} has been detected. Expected impact at ${impact} UTC, in about ${tti} seconds. Confidence in the area: ${pct}%.`,
    instruction: cancel
      ? 'All clear for this threat. Follow instructions from local authorities.'
      : `Take shelter immediately in the nearest building or shelter, away from windows, and stay there until the all clear. Expected impact in about ${tti} seconds.`,
    areaDesc: `${cancel ? 'Previously threatened area' : 'Threatened area'} (${pct}% confidence) in ${name}`,
  };
}

/**
 * The CAP 1.2 document of a message. Without `languages` one English `<info>` (as every member gets by
 * default); with them one `<info>` per tag (CAP 1.2 §3.2.2: several info blocks, one per language),
 * its `<language>` the tag and its text written in that language, with a `<description>` each.
 */
export function capXml(m: CapMessage, options: CapInfoOptions = {}): string {
  // In an accelerated exercise the impact time is simulated: time to impact counts from the simulated time.
  const tti = Math.max(0, Math.round((m.impactTime - (m.simTime ?? m.sent)) / 1000));
  const cancel = m.msgType === 'Cancel';
  const pct = Math.round(m.confidence * 100);
  const expires = capTime(m.impactTime + (cancel ? 0 : 120_000));
  const tags = options.languages?.length ? options.languages : null;
  const info = (tag: string, lang: CapTextLanguage, withDescription: boolean): string[] => {
    const name = options.memberNames?.[lang] ?? m.member;
    const x = capText(lang, m, tags ? name : m.member, tti, pct);
    return [
      '  <info>',
      `    <language>${esc(tag)}</language>`,
      '    <category>Safety</category>',
      `    <event>${esc(x.event)}</event>`,
      `    <responseType>${cancel ? 'AllClear' : 'Shelter'}</responseType>`,
      `    <urgency>${cancel ? 'Past' : 'Immediate'}</urgency>`,
      `    <severity>${cancel ? 'Minor' : 'Extreme'}</severity>`,
      `    <certainty>${cancel ? 'Observed' : 'Likely'}</certainty>`,
      `    <expires>${expires}</expires>`,
      `    <senderName>${esc(x.senderName)}</senderName>`,
      `    <headline>${esc(x.headline)}</headline>`,
      ...(withDescription ? [`    <description>${esc(x.description)}</description>`] : []),
      `    <instruction>${esc(x.instruction)}</instruction>`,
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
      `      <areaDesc>${esc(x.areaDesc)}</areaDesc>`,
      `      <polygon>${capPolygon(m.polygon)}</polygon>`,
      `      <geocode><valueName>ISO3166-1-alpha-3</valueName><value>${esc(m.member)}</value></geocode>`,
      '    </area>',
      '  </info>',
    ];
  };
  const infos = tags
    ? tags.flatMap((tag) => info(tag, capTextLanguage(tag) ?? 'en', true))
    : info('en', 'en', false);
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
    ...infos,
    '</alert>',
  ];
  return lines.join('\n') + '\n';
}
