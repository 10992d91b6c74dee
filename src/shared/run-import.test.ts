// Importing a run reads back exactly what the studio's records hold: evaluations written by the CLI's
// evalRecord come back as the EvalResult they were made from, steps keep every loss part by name, and a
// file that is not a run's metrics is refused with the line that is wrong.
import { describe, expect, it } from 'vitest';
import { evalRecord } from '../cli/metrics-records';
import { evaluateSplit } from '../train/evaluate';
import { thrown } from '../testing/thrown';
import { parseRunImport } from './run-import';

const classes = ['cat', 'dog', 'bird'];
const samples = [
  { id: 4, label: 0, split: 'test' as const, group: 'indoor' },
  { id: 7, label: 1, split: 'test' as const, group: 'outdoor' },
  { id: 9, label: 2, split: 'test' as const, group: 'outdoor' },
];
const logits = Float32Array.from([2, 1, 0, 0, 3, 1, 5, 0, 1]);

describe('parseRunImport', () => {
  it('gives back the evaluation the records were written from, and every step part by name', () => {
    const ev = { step: 3, epoch: 1, splits: [evaluateSplit('test', samples, logits, 3)] };
    const rec = evalRecord(ev, classes);
    const split = ev.splits[0];
    // train.py adds the per-sample predictions the CLI's records leave out.
    const withSamples = { ...rec, splits: { test: { ...rec.splits.test, samples: { ids: Array.from(split.ids), predicted: Array.from(split.predicted), prob_true: Array.from(split.probTrue) } } } };
    const step = { kind: 'step', step: 0, epoch: 0, loss: 1.5, ce: 1.2, kl: 0.1, w: 0.3, ps: 0.4, pt: 0.5, kd: 0.9, lr_encoder: 1e-5, lr_head: 1e-3, samples: { ids: [4, 7], ce: [1, 1.4], kl: [0, 0.2], w: [0.2, 0.4], ps: [0.3, 0.5], pt: [0.4, 0.6] } };
    const run = JSON.stringify({ format: 'proreg-studio-torch-run', name: 'p', config: { method: 'kd', scope: 'last-2' }, classes });
    const r = parseRunImport(`${JSON.stringify(step)}\n${JSON.stringify(withSamples)}\n`, 'm.jsonl', run);
    expect(r).toMatchObject({ name: 'p', configKnown: true, config: { method: 'kd', scope: 'last-2', epochs: 10 } });
    expect(r.evals).toEqual([ev]);
    expect(r.steps[0].point).toEqual({ step: 0, epoch: 0, loss: 1.5, means: { ce: 1.2, kl: 0.1, w: 0.3, ps: 0.4, pt: 0.5, kd: 0.9 }, lrEncoder: 1e-5, lrHead: 1e-3 });
    expect(Array.from(r.steps[0].samples.ids)).toEqual([4, 7]);
    expect(Array.from(r.steps[0].samples.w)).toEqual([Math.fround(0.2), Math.fround(0.4)]);
  });

  it('reads cli train records without per-sample values (NaN where a value is missing)', () => {
    const r = parseRunImport('{"kind":"step","step":0,"epoch":0,"loss":2,"ce":2,"lr_encoder":0,"lr_head":0.1}\n{"kind":"eval","step":1,"epoch":0,"splits":{"val":{"count":2,"accuracy":0.5,"per_class":{"a":null,"b":0.5},"per_group":{},"worst_group":null,"confusion":[[0,0],[1,1]]}}}\n');
    expect(r.configKnown).toBe(false);
    expect(r.steps[0].samples.ids).toHaveLength(0);
    expect(r.evals[0].splits[0]).toMatchObject({ split: 'val', accuracy: 0.5, perClass: [NaN, 0.5], worstGroup: null });
  });

  it('refuses what is not a run and names the line', () => {
    expect(thrown(Error, () => parseRunImport('{"kind":"step","step":0,"loss":1}\nnot json\n', 'x.jsonl')).message).toBe('x.jsonl line 2 is not JSON: expected one JSON record per line');
    expect(thrown(Error, () => parseRunImport('{"a":1}\n', 'x.jsonl')).message).toMatch(/holds no step or eval records/);
    expect(thrown(Error, () => parseRunImport('{"kind":"step","step":"0","loss":1}', 'x.jsonl')).message).toMatch(/line 1: a step record needs numbers/);
    expect(thrown(Error, () => parseRunImport('{"kind":"eval","step":1,"splits":{"holdout":{}}}', 'x.jsonl')).message).toMatch(/unknown split "holdout"/);
    expect(thrown(Error, () => parseRunImport('{"kind":"step","step":0,"loss":1}', 'x.jsonl', '{"format":"other"}')).message).toMatch(/run.json is not the run description/);
  });
});
