// Every method the studio knows, one line each, in the order the picker and the CLI list them. The engine's
// side of each (train/methods/<name>/) is registered in train/methods/registry.ts.
import type { MethodInfo } from './method-info';
import { zeroShot } from './zero-shot';
import { linearProbe } from './linear-probe';
import { finetune } from './finetune';
import { kd } from './kd';
import { proreg } from './proreg';
import { coop } from './coop';
import { clipAdapter } from './clip-adapter';
import { tipAdapter } from './tip-adapter';
import { tipAdapterF } from './tip-adapter-f';
import { lpFt } from './lp-ft';
import { flyp } from './flyp';

export const METHOD_INFOS = [zeroShot, linearProbe, finetune, kd, proreg, coop, clipAdapter, tipAdapter, tipAdapterF, lpFt, flyp] as const;

type Info = (typeof METHOD_INFOS)[number];
export type Method = Info['name'];
/** Methods that reparametrise the student: ProReg's term can be added to any of them (MethodOptions.proreg). */
export type StudentMethod = Extract<Info, { student: true }>['name'];

export const METHODS = METHOD_INFOS.map((m) => m.name) as unknown as readonly [Method, ...Method[]];
export const STUDENT_METHODS = METHOD_INFOS.filter((m) => m.student).map((m) => m.name) as readonly StudentMethod[];

const BY_NAME = new Map<string, MethodInfo>(METHOD_INFOS.map((m) => [m.name, m]));

/** The descriptor of a known method. */
export function methodInfo(method: Method): MethodInfo {
  const m = BY_NAME.get(method);
  if (!m) throw new Error(`unknown method "${method}": the studio knows ${METHODS.join(', ')}`);
  return m;
}

export const isStudentMethod = (m: Method): m is StudentMethod => methodInfo(m).student;
/** The image encoder can train (the scope applies). */
export const trainsEncoder = (m: Method): boolean => methodInfo(m).encoder === 'trained';
/** Each method's sentence for the picker. */
export const METHOD_HINTS = Object.fromEntries(METHOD_INFOS.map((m) => [m.name, m.hint])) as Record<Method, string>;
/** What a frozen-encoder method trains instead, in words (null where the scope applies). */
export const methodTrains = (m: Method): string | null => methodInfo(m).trainsWords ?? null;
