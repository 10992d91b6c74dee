import { describe, expect, it } from 'vitest';
import { methodRows, tableCells, toCsv, toLatex, toMarkdown, type MethodRunResult } from './method-table';

const split = (accuracy: number, perGroup: Record<string, number>) => ({ accuracy, perGroup, worstGroup: Object.entries(perGroup).sort((a, b) => a[1] - b[1]).map(([group, a]) => ({ group, accuracy: a }))[0] ?? null });
const results: MethodRunResult[] = [
  { method: 'coop', seed: 0, splits: { test: split(0.8, { a: 0.9 }), ood: split(0.5, { a: 0.6, b: 0.4 }) } },
  { method: 'coop', seed: 1, splits: { test: split(0.6, { a: 0.7 }), ood: split(0.7, { a: 0.8, b: 0.6 }) } },
  { method: 'zero-shot', seed: 0, splits: { val: split(0.25, {}) } },
];

describe('method table', () => {
  it('means and sample spreads over seeds; ID falls back to val, groups come from OOD', () => {
    const [coop, zs] = methodRows(results);
    expect(coop.seeds).toEqual([0, 1]);
    expect(coop.id!.mean).toBeCloseTo(0.7, 12);
    expect(coop.id!.std).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(coop.ood!.mean).toBeCloseTo(0.6, 12);
    expect(coop.worstGroup!.mean).toBeCloseTo(0.5, 12);
    expect(coop.perGroup.b.mean).toBeCloseTo(0.5, 12);
    expect(zs.id).toEqual({ mean: 0.25, std: 0, n: 1 });
    expect(zs.ood).toBeNull();
  });

  it('CSV, Markdown and LaTeX hold exactly the shown cells', () => {
    const rows = methodRows(results);
    const { header, body } = tableCells(rows);
    expect(header).toEqual(['Method', 'ID', 'OOD', 'Worst group', 'a', 'b']);
    expect(body[0]).toEqual(['coop', '70.0 ± 14.1', '60.0 ± 14.1', '50.0 ± 14.1', '70.0 ± 14.1', '50.0 ± 14.1']);
    expect(body[1]).toEqual(['zero-shot', '25.0', '-', '-', '-', '-']);
    expect(toCsv(rows).split('\n')[1]).toBe('coop,70.0 ± 14.1,60.0 ± 14.1,50.0 ± 14.1,70.0 ± 14.1,50.0 ± 14.1');
    expect(toMarkdown(rows).split('\n')[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: |');
    expect(toLatex([{ ...rows[1], method: 'tip_adapter & co' }])).toContain('tip\\_adapter \\& co & 25.0 & - & - \\\\');
    expect(toLatex(rows)).toContain('70.0 $\\pm$ 14.1');
  });
});
