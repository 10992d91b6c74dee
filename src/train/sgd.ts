// SGD with momentum exactly as torch.optim.SGD computes it (weight decay added to the gradient, the
// momentum buffer starts as the first gradient, no dampening, no Nesterov): Dassl's defaults, which CoOp
// trains with (momentum 0.9, weight decay 5e-4; KaiyangZhou/CoOp configs/trainers/CoOp/*.yaml, ff61507).
import * as tf from '@tensorflow/tfjs-core';
import type { ParamGroup } from './optimizer';

export const SGD_MOMENTUM = 0.9;

export class SGD {
  private readonly buf = new Map<string, tf.Variable>();
  step = 0;

  constructor(
    readonly groups: ParamGroup[],
    readonly momentum = SGD_MOMENTUM,
  ) {
    for (const g of groups) for (const [name, p] of Object.entries(g.vars)) this.buf.set(name, tf.variable(tf.zerosLike(p), false));
  }

  /** One update. `grads` by parameter name (missing = not updated); `lrs` by group name. */
  apply(grads: Record<string, tf.Tensor>, lrs: Record<string, number>): void {
    const first = this.step === 0;
    this.step += 1;
    for (const g of this.groups) {
      const lr = lrs[g.name] ?? 0;
      for (const [name, p] of Object.entries(g.vars)) {
        const grad = grads[name];
        if (!grad) continue;
        const b = this.buf.get(name)!;
        const wd = g.noDecay(name) ? 0 : g.weightDecay;
        tf.tidy(() => {
          const d = wd > 0 ? tf.add(grad, tf.mul(p, wd)) : grad;
          const b1 = first ? d : tf.add(tf.mul(b, this.momentum), d);
          b.assign(b1);
          p.assign(tf.sub(p, tf.mul(b1, lr)));
        });
      }
    }
  }

  /**
   * Runs both forms of the update (the first step's and the later ones') on `grads` and discards the results:
   * nothing changes (the trainer's warm-up, which has WebGPU build the pipelines before the first step).
   */
  warmUp(grads: Record<string, tf.Tensor>): void {
    for (const g of this.groups) {
      for (const [name, p] of Object.entries(g.vars)) {
        const grad = grads[name];
        if (!grad) continue;
        const b = this.buf.get(name)!;
        const wd = g.noDecay(name) ? 0 : g.weightDecay;
        tf.tidy(() => {
          const d = wd > 0 ? tf.add(grad, tf.mul(p, wd)) : grad;
          tf.sub(p, tf.mul(d, 0));
          tf.sub(p, tf.mul(tf.add(tf.mul(b, this.momentum), d), 0));
        });
      }
    }
  }

  /** The momentum buffers as `m` (no second moment), so checkpoints keep one shape for every optimiser. */
  async state(): Promise<{ step: number; m: Record<string, Float32Array>; v: Record<string, Float32Array> }> {
    const m: Record<string, Float32Array> = {};
    for (const [k, t] of this.buf) m[k] = (await t.data()) as Float32Array;
    return { step: this.step, m, v: {} };
  }

  restore(state: { step: number; m: Record<string, Float32Array> }): void {
    this.step = state.step;
    tf.tidy(() => {
      for (const [k, t] of this.buf) if (state.m[k]) t.assign(tf.tensor(state.m[k], t.shape));
    });
  }

  dispose(): void {
    for (const t of this.buf.values()) t.dispose();
    this.buf.clear();
  }
}
