import type { MinuteCounts } from "@helga/shared";

export interface ChartBar {
  readonly x: number;
  readonly sentY: number;
  readonly sentHeight: number;
  readonly failedY: number;
  readonly failedHeight: number;
  readonly title: string;
}

export interface DeliveryChart {
  readonly width: number;
  readonly height: number;
  readonly barWidth: number;
  readonly bars: readonly ChartBar[];
  /** The tallest minute, the scale's top. */
  readonly peak: number;
  readonly sent: number;
  readonly failed: number;
}

const BAR = 8;
const GAP = 2;
const HEIGHT = 80;

/**
 * Coordinates for an inline SVG of the last hour: per minute, the sent deliveries (bottom) and
 * the failures (failed attempts and dead letters, stacked on top), scaled to the busiest minute.
 */
export function deliveryChart(minutes: readonly MinuteCounts[]): DeliveryChart {
  const peak = Math.max(1, ...minutes.map((minute) => minute.sent + minute.failed + minute.dead));
  const scale = (value: number) => Math.round((value / peak) * HEIGHT * 10) / 10;
  const bars = minutes.map((minute, index) => {
    const failures = minute.failed + minute.dead;
    const sentHeight = scale(minute.sent);
    const failedHeight = scale(failures);
    const time = new Date(minute.at).toISOString().slice(11, 16);
    return {
      x: index * (BAR + GAP),
      sentY: HEIGHT - sentHeight,
      sentHeight,
      failedY: HEIGHT - sentHeight - failedHeight,
      failedHeight,
      title: `${time} UTC: ${minute.sent} sent, ${minute.failed} failed, ${minute.dead} dead-lettered`,
    };
  });
  return {
    width: minutes.length * (BAR + GAP),
    height: HEIGHT,
    barWidth: BAR,
    bars,
    peak,
    sent: minutes.reduce((sum, minute) => sum + minute.sent, 0),
    failed: minutes.reduce((sum, minute) => sum + minute.failed + minute.dead, 0),
  };
}
