// Pretrained image features of a set of samples (clean views), in micro-batches: what heads over a frozen
// encoder build from (Tip-Adapter's cache) and search on (its validation search).
import type { StudentInput } from './finetune-model';

/** Features [n*E] of `ids`, read from `studentInput` (which must give features: a frozen encoder). */
export async function cleanFeatures(ids: number[], microBatch: number, studentInput: (ids: number[]) => Promise<StudentInput>): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (let i = 0; i < ids.length; i += microBatch) {
    const input = await studentInput(ids.slice(i, i + microBatch));
    if (input.kind !== 'features') throw new Error('internal: a cache head needs a frozen encoder');
    parts.push((await input.x.data()) as Float32Array);
    input.x.dispose();
  }
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
