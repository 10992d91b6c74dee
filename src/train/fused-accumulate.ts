// Gradient accumulation in place on the CPU-side backends (backend/accumulate): only an accumulator whose
// buffer no other tensor shares is written in place; otherwise, and on GPU backends, it is a plain tf.add.
import * as tf from '@tensorflow/tfjs-core';
import { ACCUMULATE_IN_PLACE } from '../backend/accumulate/accumulate';
import { ownsBuffer } from '../backend/tfjs-adapter';
import { hasKernel } from '../backend/wasm/host-kernel';

/** acc + g, reusing acc's buffer where that is safe. Consumes both: do not use acc or g afterwards. */
export function accumulate(acc: tf.Tensor, g: tf.Tensor): tf.Tensor {
  const owned = hasKernel(ACCUMULATE_IN_PLACE) && acc.dtype === 'float32' && g.dtype === 'float32' && acc.dataId !== g.dataId && ownsBuffer(acc);
  const sum = owned ? (tf.engine().runKernel(ACCUMULATE_IN_PLACE, { acc, g }) as tf.Tensor) : tf.add(acc, g);
  tf.dispose([acc, g]);
  return sum;
}
