// The full parameter table of a fine-tuned model on the host: pretrained CLIP with the student's trained
// vision parameters in place, plus the head (W, its logit scale) and prompts for head.json.
import type { FineTuneModel } from './finetune-model';
import { HEAD_SCALE, HEAD_W } from './finetune-model';

export async function trainedParams(model: FineTuneModel): Promise<{ params: Record<string, Float32Array>; headW: number[][]; headScale: number }> {
  const params: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(model.clip.params)) params[name] = (await t.data()) as Float32Array;
  for (const [name, v] of Object.entries(model.vars)) if (name.startsWith('v.')) params[name] = (await v.data()) as Float32Array;
  if (model.head) {
    // A method's head as the cosine head it amounts to (CoOp: the learned prompts' text features).
    const { W, scale } = model.head.classWeights();
    const w = (await W.data()) as Float32Array;
    const headScale = (await scale.data())[0];
    W.dispose();
    scale.dispose();
    return { params, headW: headRows(w, model.numClasses), headScale };
  }
  const w = (await model.vars[HEAD_W].data()) as Float32Array;
  return { params, headW: headRows(w, model.numClasses), headScale: (await model.vars[HEAD_SCALE].data())[0] };
}

/** Rows of a [C, E] host array. */
export function headRows(W: Float32Array, C: number): number[][] {
  const E = W.length / C;
  return Array.from({ length: C }, (_, c) => Array.from(W.subarray(c * E, (c + 1) * E)));
}
