// A CLIP model: its config and parameter table, with the two encoders and the logits.
// The model owns its tensors: dispose() frees them. Every method leaves no intermediate tensor behind.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from './config';
import { l2normalize } from './ops';
import { clipSpec, type Params } from './params';
import { encodeImage } from './vision';
import { encodeText } from './text';

export class ClipModel {
  constructor(
    readonly config: ClipConfig,
    readonly params: Params,
  ) {
    const spec = clipSpec(config);
    for (const [name, shape] of Object.entries(spec)) {
      const t = params[name];
      if (!t) throw new Error(`model parameter ${name} is missing`);
      if (t.shape.join(',') !== shape.join(',')) throw new Error(`model parameter ${name} has shape [${t.shape}] but the config implies [${shape}]`);
    }
  }

  /** Normalised pixels [B,3,S,S] -> image embeddings [B,E] (projected, not normalised). Caller disposes. */
  encodeImage(pixels: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => encodeImage(this.params, this.config, pixels)) as tf.Tensor2D;
  }

  /** Token ids with start/end tokens -> text embeddings [B,E] (projected, not normalised). Caller disposes. */
  encodeText(ids: number[][], endId: number): tf.Tensor2D {
    return encodeText(this.params, this.config, ids, endId) as tf.Tensor2D;
  }

  /** exp(logit_scale) * cosine(image, text): [B_img, B_txt]. */
  logits(imageEmbeds: tf.Tensor, textEmbeds: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() =>
      tf.mul(tf.exp(this.params['logit_scale']), tf.matMul(l2normalize(imageEmbeds), tf.transpose(l2normalize(textEmbeds)))),
    ) as tf.Tensor2D;
  }

  /** Number of scalar parameters per tower. */
  parameterCount(): { vision: number; text: number; total: number } {
    let vision = 0;
    let text = 0;
    for (const [name, t] of Object.entries(this.params)) {
      if (name.startsWith('v.')) vision += t.size;
      else if (name.startsWith('t.')) text += t.size;
    }
    return { vision, text, total: vision + text + 1 };
  }

  dispose(): void {
    for (const t of Object.values(this.params)) t.dispose();
  }
}
