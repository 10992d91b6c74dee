// Node part: coop-step (batch 32, ViT-B/32 text tower) and tip-adapter-f-epoch (2,000 cached images, batch 32).
import { median } from '../rows';
import { COOP_GEOMETRY, coopSteps, tipAdapterFEpoch } from '../engine/method-steps';
import { HEAD_ONLY_GEOMETRY, randomClip } from '../engine/geometry';
import { errorRow, row } from '../rows';
import { nodeBackend, partArgs, PartOutput } from './part-io';

const args = partArgs();
const out = new PartOutput('method-steps', args.out);
const backend = await nodeBackend(args.backend);
const coopModel = randomClip(COOP_GEOMETRY);
try {
  const r = await coopSteps(coopModel, 32, 4);
  const timed = r.stepMs.slice(1); // the first step compiles and grows the heap
  out.emit(row('coop-step', backend, median(timed), 'ms', { batch: 32, scope: 'text-tower', iterations: timed.length, median_ms: median(timed), min_ms: Math.min(...timed), max_ms: Math.max(...timed), note: '16 unified context vectors, 6 classes, ViT-B/32 text tower' }));
} catch (e) {
  out.emit(errorRow('coop-step', backend, 'ms', e, { batch: 32, scope: 'text-tower' }));
}
coopModel.dispose();
const tipModel = randomClip(HEAD_ONLY_GEOMETRY);
try {
  const r = await tipAdapterFEpoch(tipModel, 2000, 32);
  out.emit(row('tip-adapter-f-epoch-2000', backend, r.epochMs / 1000, 's', { batch: 32, steps: r.steps, note: 'keys [512, 2000], features cached' }));
} catch (e) {
  out.emit(errorRow('tip-adapter-f-epoch-2000', backend, 's', e, { batch: 32 }));
}
tipModel.dispose();
