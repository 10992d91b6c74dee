// What a run trains: the head only, the last K vision blocks (+ post-LN, projection, head), or the whole
// image encoder. The scope decides which frozen prefix can be computed once and cached. Its text is parsed
// in protocol/scope.ts; here the scope meets the model's blocks.
import type { ClipConfig } from '../model/config';
import { visionParamsFromBlock, visionSpec } from '../model/params';
import type { Scope } from '../protocol/scope';

export type { Scope } from '../protocol/scope';

/** The first vision block that trains; `layers` for head-only (no block trains). */
export function firstTrainedBlock(cfg: ClipConfig, s: Scope): number {
  if (s.kind === 'head') return cfg.vision.layers;
  if (s.kind === 'full') return 0;
  if (s.blocks > cfg.vision.layers) throw new Error(`scope last-${s.blocks}: this model has only ${cfg.vision.layers} vision blocks`);
  return cfg.vision.layers - s.blocks;
}

/** Names of the vision parameters the scope trains. */
export function trainedVisionParams(cfg: ClipConfig, s: Scope): string[] {
  if (s.kind === 'head') return [];
  if (s.kind === 'full') return Object.keys(visionSpec(cfg));
  return visionParamsFromBlock(cfg, firstTrainedBlock(cfg, s));
}
