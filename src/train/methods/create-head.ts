// The student head a method needs, or null for the cosine head of fine-tuning, KD and ProReg: each method's
// engine (train/methods/<name>/method.ts) builds its own.
import { methodOptions, type TrainConfig } from '../../protocol/train-config';
import type { HeadContext } from './method-engine';
import { methodEngine } from './registry';
import type { StudentHead } from './student-head';

export type { HeadContext } from './method-engine';

export function createStudentHead(cfg: TrainConfig, ctx: HeadContext): StudentHead | null {
  const engine = methodEngine(cfg.method);
  if (!engine.head) return null;
  const { tokenizer } = ctx;
  if (engine.info.needs?.tokenizer && !tokenizer) throw new Error(`internal: ${engine.info.name} needs the tokenizer to build its prompts`);
  // Methods that do not need the tokenizer never read it.
  return engine.head(cfg, { ...ctx, tokenizer: tokenizer! }, methodOptions(cfg));
}
