import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, layoutBarChart, MAX_LABEL } from '../../shared/audit/report-chart.ts';

const chart = (bars: { label: string; value: number }[]) => ({ id: 'c', title: 't', description: 'd', bars });

describe('Bar chart layout', () => {
  it('scales bars to the largest value and keeps the table order', () => {
    const layout = layoutBarChart(
      chart([
        { label: 'deliver', value: 40 },
        { label: 'hold', value: 10 },
        { label: 'protect', value: 20 },
      ]),
    );
    const [deliver, hold, protect] = layout.bars;
    expect(layout.bars.map((b) => b.label)).toEqual(['deliver', 'hold', 'protect']);
    expect(deliver?.width).toBeGreaterThan(0);
    expect(deliver!.width + layout.labelWidth).toBeLessThan(CHART_WIDTH);
    expect(hold!.width).toBeCloseTo(deliver!.width / 4, 0);
    expect(protect!.width).toBeCloseTo(deliver!.width / 2, 0);
    expect(hold!.y).toBeGreaterThan(deliver!.y);
    expect(layout.height).toBeGreaterThan(protect!.y + layout.barHeight);
  });

  it('draws zero-length bars when every value is zero, and writes each value as given', () => {
    const layout = layoutBarChart(chart([{ label: 'a', value: 0 }]), (n) => `n=${n}`);
    expect(layout.bars).toEqual([expect.objectContaining({ width: 0, value: 'n=0' })]);
  });

  it('cuts long labels with an ellipsis', () => {
    const label = 'x'.repeat(MAX_LABEL + 10);
    const [bar] = layoutBarChart(chart([{ label, value: 1 }])).bars;
    expect(bar?.label).toHaveLength(MAX_LABEL);
    expect(bar?.label.endsWith('…')).toBe(true);
  });
});
