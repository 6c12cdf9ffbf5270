import type { ShadedState } from '../components/RegionMap.js';
import type { MemberOnDateView } from '../api.js';

/** Colours of the membership map: full members dark, observers lighter, suspended hatched in amber. */
export const MEMBER_COLOURS = {
  member: '#1f6f78',
  observer: '#8cc7c4',
  guarantor: '#5b5fc7',
  suspended: '#c2410c',
} as const;

export type LegendKey = keyof typeof MEMBER_COLOURS;

export function legendKey(m: MemberOnDateView): LegendKey {
  if (m.suspended) return 'suspended';
  return m.role === 'observer' ? 'observer' : m.role === 'guarantor' ? 'guarantor' : 'member';
}

/** English legend labels (the console passes its own, in the reader's language). */
export const LEGEND_LABELS: Record<LegendKey, string> = {
  member: 'Member',
  observer: 'Observer',
  guarantor: 'Guarantor',
  suspended: 'Suspended',
};

/** Members on a date → shapes to shade, each tagged data-member="1" (tests count these). */
export function shadeMembers(
  members: MemberOnDateView[],
  label: (key: LegendKey) => string = (k) => LEGEND_LABELS[k],
  role: (role: MemberOnDateView['role']) => string = (r) => r,
): ShadedState[] {
  return members.map((m) => {
    const key = legendKey(m);
    return {
      iso3: m.state,
      fill: MEMBER_COLOURS[key],
      hatch: m.suspended,
      note: `${label(key)}${m.suspended ? ` (${role(m.role)})` : ''}`,
      data: { member: '1', role: m.role, suspended: m.suspended ? '1' : '0' },
    };
  });
}
