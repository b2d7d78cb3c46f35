/** Share-pledge risk levels, least to most severe. */
export const PLEDGE_LEVELS = ['normal', 'elevated', 'warning', 'critical'] as const;
export type PledgeLevel = (typeof PLEDGE_LEVELS)[number];

export function severity(level: PledgeLevel): number {
  return PLEDGE_LEVELS.indexOf(level);
}
