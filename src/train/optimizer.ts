// AdamW exactly as torch.optim.AdamW computes it (decoupled weight decay applied before the Adam update,
// bias corrections folded into the step size and the denominator), with per-group learning rates.
import * as tf from '@tensorflow/tfjs-core';
import { fusedAdamW, hasFusedAdamW, type FusedAdamWAttrs } from './fused-adamw';
import { hasKernel } from '../backend/wasm/host-kernel';
import { ADAMW_ALL, type AdamWAllAttrs } from '../backend/webgpu/adamw-all';

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
}

export const DEFAULT_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.98, eps: 1e-8 };

export interface ParamGroup {
  /** Group name, e.g. 'encoder' or 'head'; its learning rate is given per step. */
  name: string;
  vars: Record<string, tf.Variable>;
  weightDecay: number;
  /** Parameters in this group that get no weight decay (biases). */
  noDecay: (paramName: string) => boolean;
}

export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  step = 0;

  constructor(
    readonly groups: ParamGroup[],
    readonly config: AdamWConfig = DEFAULT_ADAMW,
  ) {
    for (const g of groups) {
      for (const [name, p] of Object.entries(g.vars)) {
        this.m.set(name, tf.variable(tf.zerosLike(p), false));
        this.v.set(name, tf.variable(tf.zerosLike(p), false));
      }
    }
  }

  /** One update. `grads` by parameter name (missing = not updated this step); `lrs` by group name. */
  apply(grads: Record<string, tf.Tensor>, lrs: Record<string, number>): void {
    this.step += 1;
    this.update(grads, lrs, true);
  }

  /**
   * Runs an update's kernels on `grads` and discards what they compute: no parameter, moment or step count
   * changes (the trainer's warm-up, which has WebGPU build the update's pipelines before the first step).
   */
  warmUp(grads: Record<string, tf.Tensor>): void {
    // any positive rate: the programs are the same whatever its value (a zero rate would skip the decay's)
    this.update(grads, Object.fromEntries(this.groups.map((g) => [g.name, 1])), false);
  }

  private update(grads: Record<string, tf.Tensor>, lrs: Record<string, number>, commit: boolean): void {
    const { beta1, beta2, eps } = this.config;
    const t = Math.max(1, this.step);
    const bc1 = 1 - beta1 ** t;
    const bc2 = 1 - beta2 ** t;
    if (hasKernel(ADAMW_ALL)) {
      this.applyAll(grads, lrs, bc1, bc2, commit);
      return;
    }
    const fused = hasFusedAdamW();
    for (const g of this.groups) {
      const lr = lrs[g.name] ?? 0;
      for (const [name, p] of Object.entries(g.vars)) {
        const grad = grads[name];
        if (!grad) continue;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        const weightDecay = g.noDecay(name) ? 0 : g.weightDecay;
        tf.tidy(() => {
          const [p1, m1, v1] = fused
            ? fusedAdamW(p, m, v, grad, { beta1, beta2, eps, lr, weightDecay, bc1, bc2 })
            : opUpdate(p, m, v, grad, { beta1, beta2, eps, lr, weightDecay, bc1, bc2 });
          if (!commit) return;
          m.assign(m1);
          v.assign(v1);
          p.assign(p1);
        });
      }
    }
  }

  /** Every tensor in one kernel call (WebGPU: a few programs for all of them, backend/webgpu/adamw-all.ts). */
  private applyAll(grads: Record<string, tf.Tensor>, lrs: Record<string, number>, bc1: number, bc2: number, commit: boolean): void {
    const { beta1, beta2, eps } = this.config;
    const inputs: Record<string, tf.Tensor> = {};
    const targets: [tf.Variable, tf.Variable, tf.Variable][] = [];
    const attrs: AdamWAllAttrs = { beta1, beta2, eps, bc1, bc2, lrs: [], weightDecays: [] };
    for (const g of this.groups) {
      for (const [name, p] of Object.entries(g.vars)) {
        const grad = grads[name];
        if (!grad) continue;
        const i = targets.length;
        const [m, v] = [this.m.get(name)!, this.v.get(name)!];
        Object.assign(inputs, { [`p${i}`]: p, [`m${i}`]: m, [`v${i}`]: v, [`g${i}`]: grad });
        attrs.lrs.push(lrs[g.name] ?? 0);
        attrs.weightDecays.push(g.noDecay(name) ? 0 : g.weightDecay);
        targets.push([p, m, v]);
      }
    }
    if (targets.length === 0) return;
    tf.tidy(() => {
      const outs = tf.engine().runKernel(ADAMW_ALL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      if (!commit) return;
      targets.forEach(([p, m, v], i) => {
        p.assign(outs[3 * i]);
        m.assign(outs[3 * i + 1]);
        v.assign(outs[3 * i + 2]);
      });
    });
  }

  /** Optimiser state as host arrays (for checkpoints). */
  async state(): Promise<{ step: number; m: Record<string, Float32Array>; v: Record<string, Float32Array> }> {
    const m: Record<string, Float32Array> = {};
    const v: Record<string, Float32Array> = {};
    for (const [k, t] of this.m) m[k] = (await t.data()) as Float32Array;
    for (const [k, t] of this.v) v[k] = (await t.data()) as Float32Array;
    return { step: this.step, m, v };
  }

  restore(state: { step: number; m: Record<string, Float32Array>; v: Record<string, Float32Array> }): void {
    this.step = state.step;
    tf.tidy(() => {
      for (const [k, t] of this.m) if (state.m[k]) t.assign(tf.tensor(state.m[k], t.shape));
      for (const [k, t] of this.v) if (state.v[k]) t.assign(tf.tensor(state.v[k], t.shape));
    });
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}

/** The same update op by op, for backends without the fused kernel (WebGPU, WebGL). */
export function opUpdate(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, grad: tf.Tensor, a: FusedAdamWAttrs): tf.Tensor[] {
  const decayed = a.weightDecay > 0 && a.lr > 0 ? tf.mul(p, 1 - a.lr * a.weightDecay) : p;
  const m1 = tf.add(tf.mul(m, a.beta1), tf.mul(grad, 1 - a.beta1));
  const v1 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(grad), 1 - a.beta2));
  const denom = tf.add(tf.div(tf.sqrt(v1), Math.sqrt(a.bc2)), a.eps);
  return [tf.sub(decayed, tf.mul(tf.div(m1, denom), a.lr / a.bc1)), m1, v1];
}
