// Node part: head-epoch-2000, one ProReg head-only epoch over 2,000 cached samples (batch 256), with the
// micro-batch at 256 (one pass per step: cached features need no splitting) and at the default 16.
import { HEAD_ONLY_GEOMETRY, randomClip } from '../engine/geometry';
import { headEpoch } from '../engine/head-epoch';
import { errorRow, row } from '../rows';
import { nodeBackend, partArgs, PartOutput } from './part-io';

const args = partArgs();
const out = new PartOutput('head-epoch', args.out);
const backend = await nodeBackend(args.backend);
const model = randomClip(HEAD_ONLY_GEOMETRY);
for (const micro of [256, 16]) {
  try {
    const r = await headEpoch(model, 2000, 256, micro);
    out.emit(row('head-epoch-2000', backend, r.epochMs / 1000, 's', { batch: 256, microBatch: micro, steps: r.steps, cache_s: Math.round(r.cacheMs) / 1000, train_call_s: Math.round(r.trainCallMs) / 1000 }));
  } catch (e) {
    out.emit(errorRow('head-epoch-2000', backend, 's', e, { batch: 256, microBatch: micro }));
  }
}
model.dispose();
