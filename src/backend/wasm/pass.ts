// One typed description per generated function of the pool's module (a "pass"): its export name and its
// parameters by name, in order, each with how it is passed. The generated body's parameter list and the
// names its code reads them by, the pass's layout in the pool's control block (which words hold float
// bits, which one counts the rows) and the positional arguments of every call are all derived from it,
// so a parameter is added or moved in one place.
import { Body, F32, I32, type FunctionDef } from './wasm-encoder';

/**
 * How a parameter is passed: `ptr` a byte offset into the heap (moved on by the call's per-row stride when
 * the pool splits a row pass between threads), `rows` the count of rows (set per thread by the pool),
 * `i32` and `f32` scalars shared by all rows.
 */
export type ParamKind = 'ptr' | 'rows' | 'i32' | 'f32';
export type Params = Readonly<Record<string, ParamKind>>;

export interface Pass<P extends Params = Params> {
  /** The export's name in the pool's module. */
  readonly name: string;
  readonly params: P;
  /** Parameter names in call order: the description's key order. */
  readonly order: readonly string[];
  /** Kinds in call order: the layout a pool helper thread is sent. */
  readonly kinds: readonly ParamKind[];
}

/** Each parameter's local index in the generated body. */
export type Indices<P extends Params> = { readonly [K in keyof P]: number };

/** A pointer argument of a row pass: where it starts and how far it moves per row (0: shared by all rows). */
export interface Operand {
  at: number;
  perRow: number;
}

/** What a call site gives a row pass: every parameter by name but the rows, which the pool sets. */
export type RowArgs<P extends Params> = { [K in keyof P as P[K] extends 'rows' ? never : K]: P[K] extends 'ptr' ? Operand : number };

/** What a direct call gives: every parameter by name. */
export type CallArgs<P extends Params> = { [K in keyof P]: number };

/** A pass and the code that generates its body. */
export interface GeneratedPass<P extends Params = Params> extends Pass<P> {
  define(): FunctionDef;
}

export function pass<P extends Params>(name: string, params: P): Pass<P> {
  const order = Object.keys(params);
  return { name, params, order, kinds: order.map((k) => params[k]) };
}

/** A new body with the pass's parameters, and their indices by name. */
export function passBody<P extends Params>(p: Pass<P>): { f: Body; at: Indices<P> } {
  const f = new Body(p.kinds.map((k) => (k === 'f32' ? F32 : I32)));
  return { f, at: Object.fromEntries(p.order.map((k, i) => [k, i])) as Indices<P> };
}

/** `p` with its generator: `build` fills the body, reading parameters by name. */
export function generated<P extends Params>(p: Pass<P>, build: (f: Body, at: Indices<P>) => void): GeneratedPass<P> {
  return {
    ...p,
    define() {
      const { f, at } = passBody(p);
      build(f, at);
      return { name: p.name, body: f };
    },
  };
}

/** The operand of a float32 view in the heap, moving `perRow` bytes per row. */
export const operand = (view: { byteOffset: number }, perRow = 0): Operand => ({ at: view.byteOffset, perRow });

/** A row call's positional values and per-row strides (the rows slot 0). */
export function rowValues<P extends Params>(p: Pass<P>, args: RowArgs<P>): { values: number[]; strides: number[] } {
  const named = args as Record<string, Operand | number>;
  const values: number[] = [];
  const strides: number[] = [];
  for (const k of p.order) {
    const a = named[k];
    const kind = p.params[k];
    if (kind !== 'rows' && a === undefined) throw new Error(`pass ${p.name}: no argument ${k}`);
    values.push(kind === 'rows' ? 0 : kind === 'ptr' ? (a as Operand).at : (a as number));
    strides.push(kind === 'ptr' ? (a as Operand).perRow : 0);
  }
  return { values, strides };
}

type Fn = (...args: number[]) => void;

/** The export `p.name` of `exports`, called with named arguments. */
export function bind<P extends Params>(p: Pass<P>, exports: WebAssembly.Exports): (args: CallArgs<P>) => void {
  const fn = exports[p.name] as Fn | undefined;
  if (typeof fn !== 'function') return () => { throw new Error(`the pool's module has no pass ${p.name}`); };
  const order = p.order;
  return (args) => fn(...order.map((k) => (args as Record<string, number>)[k]));
}
