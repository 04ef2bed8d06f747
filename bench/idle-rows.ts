// The two rows of an idle viewer page (row 8), visible or hidden: main-thread busy time and timer
// wake-ups per minute, ours against the guide's page, whose figures are the SDK's own (the floor).
import { info, interval, median, pairedDifference, type Row } from './stats.js';

export const SIDES = ['ours', 'guide'] as const;
export type Side = (typeof SIDES)[number];
export interface Reading { busyMs: number; wakeups: number }

/** `shareOfSdk`: also say ours − guide as a share of the SDK's own busy time. */
export function idleRows(perMinute: Record<Side, Reading[]>, metrics: { busy: string; wakeups: string }, shareOfSdk = false): Row[] {
  const of = (side: Side, key: keyof Reading) => perMinute[side].map((r) => r[key]);
  const busy = pairedDifference(of('ours', 'busyMs'), of('guide', 'busyMs'));
  const wake = pairedDifference(of('ours', 'wakeups'), of('guide', 'wakeups'));
  const guideBusy = median(of('guide', 'busyMs'));
  const share = shareOfSdk ? ` (${((busy.median / guideBusy) * 100).toFixed(1)} % of the SDK's)` : '';
  return [
    {
      metric: metrics.busy,
      ours: `${median(of('ours', 'busyMs')).toFixed(1)} ms`,
      guide: `${guideBusy.toFixed(1)} ms`,
      floor: `${guideBusy.toFixed(1)} ms (the SDK's own: the guide's page)`,
      compare: `ours − guide ${busy.median.toFixed(1)} ms ${interval(busy.ci, 1)}${share}`,
      target: '(reported)',
      verdict: info,
    },
    {
      metric: metrics.wakeups,
      ours: median(of('ours', 'wakeups')).toFixed(1),
      guide: median(of('guide', 'wakeups')).toFixed(1),
      floor: `${median(of('guide', 'wakeups')).toFixed(1)} (the SDK's own)`,
      compare: `ours − guide ${wake.median.toFixed(1)} ${interval(wake.ci, 1)}`,
      target: '(reported)',
      verdict: info,
    },
  ];
}
