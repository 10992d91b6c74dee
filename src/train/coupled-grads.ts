// Gradients of a loss that couples the samples of a batch (FLYP's contrastive loss: every image is scored
// against every caption of the batch) when micro-batches split the image tower's passes. Gradient caching:
// the image features of every micro-batch without a tape, the loss over the whole batch with its gradient
// to those features, then each micro-batch's image-tower backward from its rows of that gradient. The
// result is the gradient of one pass over the whole batch; the image tower runs forward twice.
// Letters: B batch, b micro-batch, E embedding.
import * as tf from '@tensorflow/tfjs-core';

export interface CoupledPass {
  /** This micro-batch's image features [b,E] from its input; differentiable in the image tower's variables. */
  features(): tf.Tensor;
}

/**
 * `loss(features [B,E])` returns the scalar loss over the batch (and may keep what it reports);
 * `headVars` train through the loss alone, `towerVars` through the features. Grads by variable name.
 */
export function coupledGrads(passes: CoupledPass[], loss: (features: tf.Tensor) => tf.Scalar, headVars: tf.Variable[], towerVars: tf.Variable[]): Record<string, tf.Tensor> {
  const sizes: number[] = [];
  const all = tf.tidy(() => tf.concat(passes.map((p) => {
    const f = p.features(); // [b, E]
    sizes.push(f.shape[0] as number);
    return f;
  }))); // [B, E], no tape
  const F = tf.variable(all, true);
  all.dispose();
  const { value, grads } = tf.variableGrads(() => loss(F), [...headVars, F]);
  value.dispose();
  const dF = grads[F.name];
  delete grads[F.name];
  F.dispose();
  let row = 0;
  for (const [i, p] of passes.entries()) {
    if (towerVars.length === 0) break;
    const share = tf.slice(dF, [row, 0], [sizes[i], dF.shape[1] as number]); // [b, E]
    row += sizes[i];
    const r = tf.variableGrads(() => tf.sum(tf.mul(p.features(), share)) as tf.Scalar, towerVars);
    r.value.dispose();
    share.dispose();
    for (const [name, g] of Object.entries(r.grads)) {
      const prev = grads[name];
      grads[name] = prev ? tf.add(prev, g) : g;
      if (prev) tf.dispose([prev, g]);
    }
  }
  dF.dispose();
  return grads;
}
