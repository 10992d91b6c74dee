// Rows of the token table [V,D] for fixed ids, with a gradient WASM can compute: tf.gather's own gradient
// needs UnsortedSegmentSum, which the WASM backend lacks. The gradient sums dy over the places of each
// distinct id (a [U,N] x [N,D] matMul) and scatters the U rows into a table-shaped tensor (ScatterNd).
// Letters: V vocabulary, D width, N looked-up places, U distinct ids.
import * as tf from '@tensorflow/tfjs-core';

export interface TokenLookup {
  ids: Int32Array;
  /** The distinct ids [U]. */
  unique: Int32Array;
  /** One-hot [U,N]: sel[u][n] = 1 where ids[n] is unique[u]. */
  select: Float32Array;
}

export function tokenLookup(ids: Int32Array): TokenLookup {
  const unique = Int32Array.from(new Set(ids));
  const place = new Map(Array.from(unique, (id, u) => [id, u] as const));
  const select = new Float32Array(unique.length * ids.length);
  ids.forEach((id, n) => (select[place.get(id)! * ids.length + n] = 1));
  return { ids, unique, select };
}

/** table [V,D] -> rows [N,D] at lookup.ids, differentiable in the table. */
export function tokenRows(table: tf.Tensor, lookup: TokenLookup): tf.Tensor2D {
  const { ids, unique, select } = lookup;
  const f = tf.customGrad(((t: tf.Tensor) => ({
    value: tf.gather(t, tf.tensor1d(ids, 'int32')),
    gradFunc: (dy: tf.Tensor) => {
      const rows = tf.matMul(tf.tensor2d(select, [unique.length, ids.length]), dy as tf.Tensor2D); // [U, D]
      return tf.scatterND(tf.tensor2d(unique, [unique.length, 1], 'int32'), rows, t.shape); // [V, D]
    },
  })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (t: tf.Tensor) => tf.Tensor2D;
  return f(table);
}
