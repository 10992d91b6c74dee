// Compare a checkpoint's keys and shapes with what the model config implies, reporting everything at once.
import { WeightsError, formatShape, listSome, plural } from './errors';

export interface TensorSpecOptions {
  /** Names to skip on both sides (neither missing nor unexpected). Non-float tensors are skipped unless expected. */
  ignore?: (name: string) => boolean;
  /** What the expected shapes come from, for messages (default "config.json"). */
  source?: string;
  /** How many names to show per list (default 10). */
  maxListed?: number;
}

export function checkTensorSpec(
  file: { fileName: string; tensors: readonly { name: string; shape: readonly number[]; ignored: boolean }[] },
  expected: Readonly<Record<string, readonly number[]>>,
  opts: TensorSpecOptions = {},
): void {
  const ignore = opts.ignore ?? (() => false);
  const source = opts.source ?? 'config.json';
  const max = opts.maxListed ?? 10;
  const actual = new Map(file.tensors.map((t) => [t.name, t]));

  const missing = Object.keys(expected).filter((n) => !actual.has(n) && !ignore(n)).sort();
  const unexpected = file.tensors
    .filter((t) => !(t.name in expected) && !t.ignored && !ignore(t.name))
    .map((t) => t.name)
    .sort();
  const mismatched: string[] = [];
  for (const [name, shape] of Object.entries(expected)) {
    const t = actual.get(name);
    if (t && !ignore(name) && !sameShape(t.shape, shape)) {
      mismatched.push(`${name} has shape ${formatShape(t.shape)} but ${source} implies ${formatShape(shape)}`);
    }
  }
  if (missing.length + unexpected.length + mismatched.length === 0) return;

  const parts: string[] = [];
  if (missing.length) parts.push(`${plural(missing.length, 'missing key')}: ${listSome(missing, max)}`);
  if (unexpected.length) parts.push(`${plural(unexpected.length, 'unexpected key')}: ${listSome(unexpected, max)}`);
  if (mismatched.length) parts.push(`${mismatched.length} shape mismatch${mismatched.length === 1 ? '' : 'es'}: ${listSome(mismatched, max)}`);
  throw new WeightsError('spec-mismatch', `${file.fileName} does not match the model described by ${source}: ${parts.join('; ')}.`, {
    fileName: file.fileName,
    details: { missing, unexpected, mismatched },
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
