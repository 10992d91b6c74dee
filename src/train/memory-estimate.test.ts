// The per-scope estimate the studio shows counts what a method does with the text tower, as the start-of-run
// fit check does: FLYP trains the scope's text blocks (each trained weight's six copies and the prompts'
// activations through them), CoOp back-propagates through every frozen text block (activations only).
import { describe, expect, it } from 'vitest';
import { VIT_B32 } from '../model/config';
import { clipSpec } from '../model/params';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { parseScope } from '../protocol/scope';
import { estimateTrainingBytes, memoryByScope, WASM_HEAP_BUDGET } from './memory-estimate';
import { fitToBackend } from './fit-check';
import { trainedTextParams } from './scope';

const CLASSES = 6;
const MB = 16;
const spec = clipSpec(VIT_B32);
const elements = (names: string[]) => names.reduce((a, n) => a + spec[n].reduce((x, y) => x * y, 1), 0);

describe('memory by scope, per use of the text tower', () => {
  const image = memoryByScope(VIT_B32, MB, CLASSES);
  const flyp = memoryByScope(VIT_B32, MB, CLASSES, 'trained');
  const coop = memoryByScope(VIT_B32, MB, CLASSES, 'gradient');

  it('FLYP: every scope adds at least six float copies of the text weights it trains', () => {
    for (const [name, bytes] of Object.entries(image)) {
      const text = elements(trainedTextParams(VIT_B32, parseScope(name)));
      expect(text, name).toBeGreaterThan(0);
      expect(flyp[name] - bytes, name).toBeGreaterThanOrEqual(6 * 4 * text);
    }
    // ViT-B/32's text tower is 63M weights: full FLYP needs over 1.5 GB more than the image tower alone.
    expect(flyp.full - image.full).toBeGreaterThan(1.5e9);
  });

  it('CoOp: the activations of every text block, whatever the scope, growing with the classes', () => {
    const extra = Object.entries(image).map(([name, bytes]) => coop[name] - bytes);
    expect(new Set(extra).size).toBe(1);
    expect(extra[0]).toBeGreaterThan(0);
    const more = memoryByScope(VIT_B32, MB, 2 * CLASSES, 'gradient').head - memoryByScope(VIT_B32, MB, 2 * CLASSES).head;
    expect(more).toBeCloseTo(2 * extra[0], -3);
  });

  it('the studio\'s figure for FLYP is the fit check\'s: full ViT-B/32 refused on WASM because both towers do not fit', () => {
    const full = estimateTrainingBytes(VIT_B32, parseScope('full'), 1, CLASSES, true, 'trained');
    expect(full).toBeGreaterThan(WASM_HEAP_BUDGET);
    expect(estimateTrainingBytes(VIT_B32, parseScope('full'), 1, CLASSES, true)).toBeLessThan(WASM_HEAP_BUDGET);
    expect(() => fitToBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, method: 'flyp', scope: 'full', batchSize: 32, microBatch: 8 }, 'wasm', CLASSES))
      .toThrow(`training scope full needs about ${(full / 1e9).toFixed(1)} GB even at one image per pass`);
    expect(flyp.full).toBe(estimateTrainingBytes(VIT_B32, parseScope('full'), MB, CLASSES, false, 'trained'));
  });
});
