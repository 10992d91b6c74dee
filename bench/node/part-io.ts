// Shared plumbing of the Node benchmark parts: arguments, and a raw JSON file rewritten after every row so
// that a part that crashes half-way still leaves the rows it finished.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../src/backend/backend-node';
import type { Row } from '../rows';

export interface PartArgs {
  backend: string;
  quick: boolean;
  out: string;
}

export function partArgs(): PartArgs {
  const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, quick: { type: 'boolean', default: false }, out: { type: 'string' } } });
  if (!values.out) throw new Error('--out <file.json> is required');
  return { backend: values.backend!, quick: values.quick!, out: values.out };
}

export class PartOutput {
  readonly rows: Row[] = [];
  readonly extra: Record<string, unknown> = {};

  constructor(readonly part: string, private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.flush();
  }

  emit = (r: Row): void => {
    this.rows.push(r);
    const v = r.error ? `ERROR ${r.error}` : `${r.value} ${r.unit}${r.note ? ` (${r.note})` : ''}`;
    const where = [r.scope, r.batch !== undefined ? `batch ${r.batch}` : ''].filter(Boolean).join(', ');
    console.error(`[bench:${this.part}] ${r.metric} ${r.backend}${where ? ` (${where})` : ''}: ${v}`);
    this.flush();
  };

  set(key: string, value: unknown): void {
    this.extra[key] = value;
    this.flush();
  }

  private flush(): void {
    writeFileSync(this.path, JSON.stringify({ part: this.part, backend: tf.getBackend?.() ?? null, ...this.extra, rows: this.rows }, null, 2) + '\n');
  }
}

/** Backend label of a Node row: node-wasm, node-cpu. */
export async function nodeBackend(name: string): Promise<string> {
  return `node-${await useNodeBackend(name)}`;
}
