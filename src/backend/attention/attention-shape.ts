// The attention kernels' one reading of their input: batch, tokens, queries and head width of qkv [B, N, 3D]
// for `heads` heads, with the check every backend's kernel (WASM and cpu here, WebGPU in webgpu/attention.ts)
// applies before it runs.

export interface AttentionAttrs {
  heads: number;
  /** Queries: the first this many tokens (all when absent). */
  queries?: number;
}

export interface AttentionShape {
  batch: number;
  tokens: number;
  /** The first `queries` tokens attend (all of them, or the class token alone). */
  queries: number;
  heads: number;
  headWidth: number;
}

/** The shape of a qkv [B, N, 3D] input, or an error naming what does not fit. */
export function attentionShape(qkv: readonly number[], { heads, queries }: AttentionAttrs): AttentionShape {
  const [batch, tokens, width3] = qkv;
  const D = width3 / 3;
  if (qkv.length !== 3 || !Number.isInteger(D) || D % heads !== 0) throw new Error(`attention: qkv must be [B, N, 3D] with D divisible by ${heads} heads, got [${qkv}]`);
  const Q = queries ?? tokens;
  if (!(Q >= 1 && Q <= tokens)) throw new Error(`attention: ${Q} queries of ${tokens} tokens`);
  return { batch, tokens, queries: Q, heads, headWidth: D / heads };
}
