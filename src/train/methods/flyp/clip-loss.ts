// FLYP's training loss: CLIP's contrastive loss between each image and its class prompt, per sample.
// locuslab/FLYP `clip/loss.py` (commit 215d5bb), ClipLoss.forward with one process and no ground labels:
// logits_per_image = s * I @ T^T and logits_per_text = s * T @ I^T over the batch, each cross-entropy
// toward the diagonal, averaged. The text of sample j is one of a fixed set of prompts (its class's, with
// several templates the one it is paired with), so with the prompt logits z = s * I @ W^T [B,P] (W the
// prompts' features) the batch logits are z's columns at the captions: logits_per_image[i][j] = z[i][c_j].
// Sample i's part is the mean of its image row's and its text row's cross-entropy; the batch mean of the
// parts is ClipLoss's value.
// Letters: B batch, P prompts (the classes with one template).
import * as tf from '@tensorflow/tfjs-core';

/** Prompt logits [B,P] (exp(s) * cosine) and each sample's caption (prompt index) [B] -> per-sample contrastive loss [B]. */
export function contrastiveLoss(promptLogits: tf.Tensor, captions: tf.Tensor): tf.Tensor1D {
  const [B, P] = promptLogits.shape as [number, number];
  const onehot = tf.oneHot(tf.cast(captions, 'int32'), P); // [B, P]
  const perImage = tf.matMul(promptLogits, onehot, false, true); // [B, B]: image i against text j
  const perText = tf.transpose(perImage); // [B, B]: text j against image i
  const diagonal = tf.eye(B); // [B, B]
  const ce = (logits: tf.Tensor) => tf.neg(tf.sum(tf.mul(diagonal, tf.logSoftmax(logits)), 1)); // [B]
  return tf.div(tf.add(ce(perImage), ce(perText)), 2) as tf.Tensor1D;
}
