// CLI plumbing: JSON to stdout only, logs to stderr, errors as a message and exit code 1.
import { readFileSync } from 'node:fs';

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function readJsonFile<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read ${what} ${path}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} ${path} is not valid JSON`);
  }
}

export function readTexts(path: string): string[] {
  const texts = readJsonFile<unknown>(path, 'texts file');
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) throw new Error(`texts file ${path} must be a JSON array of strings`);
  return texts;
}

/** Float32 values rounded to what float32 holds, as plain numbers. */
export function rows(data: Float32Array | ArrayLike<number>, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < data.length; i += cols) out.push(Array.from(data).slice(i, i + cols));
  return out;
}
