import { describe, expect, it } from 'vitest';
import { linesLayout, valueAt } from './lines-layout';
import { frameOf, nearestIndex } from './plot-frame';

// A 300 x 200 plot: x from 56 (after the y axis) to 292, y from 168 (above the x axis) to 6.
const F = frameOf(300, 200);

describe('lines layout', () => {
  it('draws straight segments between the measured points and maps the ends of the data to the frame', () => {
    const at = linesLayout([{ name: 'val', colour: '#000', points: [{ x: 0, y: 0 }, { x: 10, y: 0.5 }, { x: 20, y: 1 }] }], 'percent', F);
    expect(F).toMatchObject({ left: 56, right: 292, top: 6, bottom: 168 });
    expect(at.lines[0].d).toBe('M56,168L174,87L292,6');
    expect(at.xTicks).toEqual([0, 5, 10, 15, 20]);
    expect(at.yTicks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(at.xs).toEqual([0, 10, 20]);
    expect(at.xPx).toEqual([56, 174, 292]);
  });

  it('skips values that are not finite without breaking the line, and dots a series measured once', () => {
    const at = linesLayout([
      { name: 'val', colour: '#000', points: [{ x: 0, y: 0.2 }, { x: 5, y: NaN }, { x: 10, y: 0.4 }] },
      { name: 'train (end of run only)', colour: '#111', points: [{ x: 10, y: 0.9 }] },
    ], 'unit', F);
    expect(at.lines[0].d).toMatch(/^M56,[\d.]+L292,[\d.]+$/);
    expect(at.lines[0].dots).toEqual([]);
    expect(at.lines[1].dots).toHaveLength(1);
    // the readout reads only steps with a value
    expect(at.xs).toEqual([0, 10]);
  });

  it('dots every point only while a series has at most `dotsUpTo` of them', () => {
    const points = Array.from({ length: 31 }, (_, i) => ({ x: i, y: i / 30 }));
    expect(linesLayout([{ name: 'a', colour: '#000', points: points.slice(0, 30) }], 'unit', F, 30).lines[0].dots).toHaveLength(30);
    expect(linesLayout([{ name: 'a', colour: '#000', points }], 'unit', F, 30).lines[0].dots).toHaveLength(0);
  });

  it('spans the data on an automatic axis, and gives a flat line a band around it', () => {
    const at = linesLayout([{ name: 'ce', colour: '#000', points: [{ x: 0, y: 2.1 }, { x: 1, y: 0.4 }] }], 'auto', F);
    expect(at.yTicks).toEqual([0.5, 1, 1.5, 2]);
    expect(at.yDomain).toEqual([0.4, 2.1]);
    const flat = linesLayout([{ name: 'kl', colour: '#000', points: [{ x: 0, y: 3 }, { x: 1, y: 3 + 4.4e-16 }] }], 'auto', F);
    expect(flat.yDomain[0]).toBeLessThan(3);
    expect(flat.yDomain[1]).toBeGreaterThan(3);
    expect(flat.lines[0].d).toMatch(/^M56,[\d.]+L292,[\d.]+$/);
  });

  it('has empty axes and no lines when nothing is measured', () => {
    const at = linesLayout([{ name: 'a', colour: '#000', points: [] }], 'auto', F);
    expect(at).toMatchObject({ xTicks: [], yTicks: [], xs: [], lines: [{ d: '', dots: [] }] });
  });

  it('reads a series at a measured x, and finds the measured x nearest to a pointer', () => {
    const s = { name: 'a', colour: '#000', points: [{ x: 0, y: 0.1 }, { x: 20, y: 0.3 }, { x: 40, y: NaN }] };
    expect(valueAt(s, 20)).toBe(0.3);
    expect(valueAt(s, 10)).toBeUndefined();
    expect(valueAt(s, 40)).toBeUndefined();
    expect(nearestIndex([56, 174, 292], 0)).toBe(0);
    expect(nearestIndex([56, 174, 292], 114)).toBe(0);
    expect(nearestIndex([56, 174, 292], 116)).toBe(1);
    expect(nearestIndex([56, 174, 292], 999)).toBe(2);
    expect(nearestIndex([], 5)).toBe(-1);
  });
});
