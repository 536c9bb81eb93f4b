/**
 * Horizontal bar charts laid out for SVG: positions and lengths only, computed here so the page
 * template just draws them (no script, no library, printable). One bar per table row, the value
 * written at the end of each bar, so the chart can be read without an axis.
 */
import type { BarChart } from './report-document.ts';

export const CHART_WIDTH = 640;
const LABEL_WIDTH = 230;
const VALUE_WIDTH = 70;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const PADDING = 6;
/** Longer labels are cut with an ellipsis in the chart; the table beside it has them whole. */
export const MAX_LABEL = 32;

export interface BarLayout {
  readonly label: string;
  readonly value: string;
  readonly y: number;
  readonly width: number;
  /** Baseline of the label and value text. */
  readonly textY: number;
  readonly valueX: number;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly barHeight: number;
  readonly bars: readonly BarLayout[];
}

const shorten = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** The geometry of `chart`: bars scaled to the largest value, in the table's order. */
export function layoutBarChart(chart: BarChart, format: (n: number) => string = String): ChartLayout {
  const max = Math.max(0, ...chart.bars.map((bar) => bar.value));
  const area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const bars = chart.bars.map((bar, i) => {
    const y = PADDING + i * ROW_HEIGHT;
    const width = max > 0 ? Math.round((Math.max(0, bar.value) / max) * area * 10) / 10 : 0;
    return {
      label: shorten(bar.label),
      value: format(bar.value),
      y,
      width,
      textY: y + BAR_HEIGHT - 4,
      valueX: LABEL_WIDTH + width + 6,
    };
  });
  return {
    width: CHART_WIDTH,
    height: PADDING * 2 + Math.max(1, bars.length) * ROW_HEIGHT,
    labelWidth: LABEL_WIDTH,
    barHeight: BAR_HEIGHT,
    bars,
  };
}
