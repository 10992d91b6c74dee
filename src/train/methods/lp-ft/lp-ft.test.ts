// LP-FT against scripts/reference/lp_ft.py: five probe steps then five full-encoder fine-tuning steps from
// the probed head, losses at every step and the final logits to 1e-3 on cpu and wasm, with and without
// the ProReg term.
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../backend/backend-node';
import { readReference, relativeError, runReference } from '../../../testing/method-reference';
import { DEFAULT_METHOD_OPTIONS } from '../../../protocol/train-types';

interface Run { name: string; loss: 'ce' | 'proreg'; loss_trajectory: number[]; final_logits: number[][] }
const ref = readReference<Run>('lp_ft.json') as ReturnType<typeof readReference<Run>> & { probe_steps: number; lr_head: number; lr_encoder: number; weight_decay: number };

for (const backend of ['cpu', 'wasm']) {
  describe(`LP-FT reference trajectories (${backend})`, () => {
    for (const run of ref.runs) {
      it(`${run.name}: loss at every step and final logits to 1e-3`, async () => {
        await useNodeBackend(backend);
        const { points, logits, before, after } = await runReference(ref, {
          method: 'lp-ft', scope: 'full', epochs: ref.steps - ref.probe_steps, lrHead: ref.lr_head, lrEncoder: ref.lr_encoder, weightDecay: ref.weight_decay, alpha: 1, variant: 'official',
          methodOptions: { ...DEFAULT_METHOD_OPTIONS, proreg: run.loss === 'proreg', lpft: { probeEpochs: ref.probe_steps } },
        });
        expect(points.map((p) => p.step)).toEqual([...Array(ref.steps).keys()]);
        points.forEach((p, i) => expect(Math.abs(p.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(1e-3));
        expect(relativeError(logits, run.final_logits.flat())).toBeLessThan(1e-3);
        expect(after).toBeLessThanOrEqual(before);
      });
    }
  });
}
