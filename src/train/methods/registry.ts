// The engine part of every method, one line each (the descriptors are listed in protocol/methods/registry.ts;
// a method with a descriptor and no engine is refused as this module loads). registerMethod adds one at run
// time.
import { METHODS, type Method } from '../../protocol/methods/registry';
import type { MethodEngine } from './method-engine';
import { zeroShot } from './zero-shot/method';
import { linearProbe } from './linear-probe/method';
import { finetune } from './finetune/method';
import { kd } from './kd/method';
import { proreg } from './proreg/method';
import { coop } from './coop/method';
import { clipAdapter } from './clip-adapter/method';
import { tipAdapter } from './tip-adapter/method';
import { tipAdapterF } from './tip-adapter-f/method';
import { lpFt } from './lp-ft/method';
import { flyp } from './flyp/method';

const BUILT_IN = [zeroShot, linearProbe, finetune, kd, proreg, coop, clipAdapter, tipAdapter, tipAdapterF, lpFt, flyp] as const;

const ENGINES = new Map<string, MethodEngine>(BUILT_IN.map((e) => [e.info.name, e]));
for (const m of METHODS) if (!ENGINES.has(m)) throw new Error(`internal: the method "${m}" has no engine in train/methods/registry.ts`);

/** Adds a method's engine (a method outside the built-in list, e.g. one a test defines). */
export function registerMethod(engine: MethodEngine): void {
  if (ENGINES.has(engine.info.name)) throw new Error(`a method "${engine.info.name}" is already registered`);
  ENGINES.set(engine.info.name, engine);
}

/** The engine part of `method`. */
export function methodEngine(method: Method | string): MethodEngine {
  const e = ENGINES.get(method);
  if (!e) throw new Error(`internal: no engine registered for the method "${method}"`);
  return e;
}
