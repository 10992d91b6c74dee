// Node part: flyp-step, one FLYP step at batch 32 on both ViT-B/32 towers (scope last-1), in a process of
// its own (the full text tower's random weights and the WASM heap stay out of the other method rows).
import { median } from '../rows';
import { FLYP_GEOMETRY, flypSteps } from '../engine/method-steps';
import { randomClip } from '../engine/geometry';
import { errorRow, row } from '../rows';
import { nodeBackend, partArgs, PartOutput } from './part-io';

const args = partArgs();
const out = new PartOutput('flyp-step', args.out);
const backend = await nodeBackend(args.backend);
const model = randomClip(FLYP_GEOMETRY);
try {
  const r = await flypSteps(model, 32, 4, 'last-1');
  const timed = r.stepMs.slice(1); // the first step compiles and grows the heap
  out.emit(row('flyp-step', backend, median(timed), 'ms', { batch: 32, scope: 'last-1', iterations: timed.length, median_ms: median(timed), min_ms: Math.min(...timed), max_ms: Math.max(...timed), note: 'both ViT-B/32 towers: last block of each, 6 classes, image prefix cached' }));
} catch (e) {
  out.emit(errorRow('flyp-step', backend, 'ms', e, { batch: 32, scope: 'last-1' }));
}
model.dispose();
