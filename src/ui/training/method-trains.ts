// What a method that leaves the image encoder alone trains instead, in words for the Scope field (which
// only applies to methods that train the encoder).
import type { Method } from '../../protocol/train-config';

const TRAINS: Partial<Record<Method, string>> = {
  'zero-shot': 'nothing (no training)',
  'linear-probe': 'the head only (encoders frozen)',
  coop: 'prompt context vectors (encoders frozen)',
  'clip-adapter': 'adapter MLP (encoders frozen)',
  'tip-adapter': 'nothing (a cache of the images, no training)',
  'tip-adapter-f': 'the cache keys (encoders frozen)',
};

/** Null for a method whose training scope is the encoder's (the Scope field's own choices). */
export function methodTrains(method: Method): string | null {
  return TRAINS[method] ?? null;
}
