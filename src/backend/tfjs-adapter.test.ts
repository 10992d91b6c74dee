import * as tf from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { assertPinnedTfjs, PINNED_TFJS } from './tfjs-adapter';
import pkg from '../../package.json';

describe('the tfjs adapter pin', () => {
  it('is the version package.json pins and node_modules holds', () => {
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm'] as const) expect(pkg.dependencies[name]).toBe(PINNED_TFJS);
    expect(() => assertPinnedTfjs({ '@tensorflow/tfjs-core': tf.version_core, '@tensorflow/tfjs-backend-cpu': version_cpu, '@tensorflow/tfjs-backend-wasm': version_wasm })).not.toThrow();
  });

  it('refuses another version, naming the package, the version and where to look', () => {
    const install = () => assertPinnedTfjs({ '@tensorflow/tfjs-core': PINNED_TFJS, '@tensorflow/tfjs-backend-wasm': '4.23.0' });
    expect(install).toThrow(`tfjs ${PINNED_TFJS} internals, but @tensorflow/tfjs-backend-wasm 4.23.0 is installed`);
    expect(install).toThrow(/src\/backend\/tfjs-adapter\.ts/);
  });
});
