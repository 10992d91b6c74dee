// What a run trains: the head only, the last K vision blocks (+ post-LN, projection, head), or the whole
// image encoder. The scope decides which frozen prefix can be computed once and cached.
import type { ClipConfig } from '../model/config';
import { textSpec, visionParamsFromBlock, visionSpec } from '../model/params';

export type Scope = { kind: 'head' } | { kind: 'last'; blocks: number } | { kind: 'full' };

/** 'head' | 'last-K' | 'full' (the CLI's spelling). */
export function parseScope(text: string): Scope {
  if (text === 'head') return { kind: 'head' };
  if (text === 'full') return { kind: 'full' };
  const m = /^last-(\d+)$/.exec(text);
  if (m && Number(m[1]) > 0) return { kind: 'last', blocks: Number(m[1]) };
  throw new Error(`unknown scope "${text}": use head, last-K (e.g. last-2) or full`);
}

export function scopeLabel(s: Scope): string {
  return s.kind === 'last' ? `last-${s.blocks}` : s.kind;
}

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

/**
 * Names of the text-tower parameters a scope trains, for methods that fine-tune both towers (FLYP): the
 * same depth as the image side. `full` every text weight (token and position tables too); `last-K` the
 * last K text blocks, the final LayerNorm and the projection; `head` the final LayerNorm and projection,
 * the text tower's part of the classifier.
 */
export function trainedTextParams(cfg: ClipConfig, s: Scope): string[] {
  const names = Object.keys(textSpec(cfg));
  if (s.kind === 'full') return names;
  const layers = cfg.text.layers;
  const first = s.kind === 'head' ? layers : layers - Math.min(s.blocks, layers);
  return names.filter((name) => {
    const m = /^t\.blocks\.(\d+)\./.exec(name);
    if (m) return Number(m[1]) >= first;
    return name.startsWith('t.final_ln') || name === 't.proj.w';
  });
}
