// A method's first phase (its engine's firstPhase: LP-FT's probe, Kumar et al., ICLR 2022): a head-only run
// (cross-entropy, or ProReg with the switch on) trained before the run's own steps, whose trained cosine head
// W, s the run starts from. The phase's trainer is built by the caller (trainer.ts) and disposed here.
import { HEAD_SCALE, HEAD_W, type FineTuneModel } from './finetune-model';

/** The part of a trainer the phase uses. */
export interface PhaseTrainer {
  readonly model: FineTuneModel;
  train(): Promise<{ stopped: boolean }>;
  dispose(): void;
}

/** Trains `phase`, then starts `model`'s cosine head from the phase's; 'stopped' when the phase was stopped. */
export async function runFirstPhase(phase: PhaseTrainer, model: FineTuneModel): Promise<'done' | 'stopped'> {
  try {
    const r = await phase.train();
    if (r.stopped) return 'stopped';
    model.vars[HEAD_W].assign(phase.model.vars[HEAD_W]);
    model.vars[HEAD_SCALE].assign(phase.model.vars[HEAD_SCALE]);
    return 'done';
  } finally {
    phase.dispose();
    phase.model.dispose();
  }
}
