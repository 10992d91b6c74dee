// Zero-shot classification: class names x templates -> class embeddings -> logits over images.
// Several templates are averaged the CLIP way: normalise each embedding, take the mean, normalise again.
// Letters: C classes, K templates, E embedding.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../model/clip';
import { l2normalize } from '../model/ops';
import type { ClipTokenizer } from '../tokenizer/clip-tokenizer';

export const DEFAULT_TEMPLATE = 'a photo of a {}.';

/** Fills a template's `{}` (or appends the name when there is none). */
export function fillTemplate(template: string, className: string): string {
  return template.includes('{}') ? template.split('{}').join(className) : `${template} ${className}`;
}

export interface PromptReport {
  text: string;
  tokens: number;
  truncated: boolean;
}

/** Every prompt with its token count and whether it was cut to the context length. */
export function promptReports(tokenizer: ClipTokenizer, classNames: string[], templates: string[], contextLength = 77): PromptReport[][] {
  return classNames.map((c) =>
    templates.map((t) => {
      const text = fillTemplate(t, c);
      const { ids, truncated } = tokenizer.tokenize(text, { contextLength });
      return { text, tokens: ids.length, truncated };
    }),
  );
}

/**
 * Class embeddings [C,E]. With one template this is the prompt's text embedding as the model returns it
 * (the head W is initialised from it); with several, the normalised mean of normalised embeddings.
 */
export function classEmbeddings(model: ClipModel, tokenizer: ClipTokenizer, classNames: string[], templates: string[]): tf.Tensor2D {
  if (classNames.length === 0) throw new Error('no classes: add at least one class name');
  if (templates.length === 0) throw new Error('no prompt templates: add at least one, e.g. "a photo of a {}."');
  const ctx = model.config.text.contextLength;
  const ids = classNames.flatMap((c) => templates.map((t) => tokenizer.tokenize(fillTemplate(t, c), { contextLength: ctx }).ids));
  const K = templates.length;
  const all = model.encodeText(ids, tokenizer.endId); // [C*K, E]
  if (K === 1) return all;
  return tf.tidy(() => {
    const E = all.shape[1];
    const per = tf.reshape(l2normalize(all), [classNames.length, K, E]); // [C, K, E]
    all.dispose();
    return l2normalize(tf.mean(per, 1)) as tf.Tensor2D; // [C, E]
  });
}

/** exp(logit_scale) * cosine: image embeddings [B,E] x class embeddings [C,E] -> [B,C]. */
export function zeroShotLogits(model: ClipModel, imageEmbeds: tf.Tensor, classEmbeds: tf.Tensor): tf.Tensor2D {
  return model.logits(imageEmbeds, classEmbeds);
}
