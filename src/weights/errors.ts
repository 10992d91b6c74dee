// One error type for every weights problem, so the UI can show `message` as-is and branch on `code`.

export type WeightsErrorCode =
  | 'file-too-short'
  | 'header-too-large'
  | 'header-truncated'
  | 'header-invalid-json'
  | 'header-not-object'
  | 'bad-tensor-entry'
  | 'unknown-dtype'
  | 'shape-mismatch'
  | 'bad-offsets'
  | 'overlapping-offsets'
  | 'truncated'
  | 'tensor-not-found'
  | 'not-float'
  | 'shard-index-invalid'
  | 'shard-read-failed'
  | 'shard-missing-tensor'
  | 'duplicate-tensor'
  | 'spec-mismatch'
  | 'invalid-tensor'
  | 'unsupported-platform'
  | 'bad-config'
  | 'unsupported-model'
  | 'not-a-checkpoint'
  | 'pickle-invalid'
  | 'pickle-refused'
  | 'storage-missing';

export interface WeightsErrorOptions {
  fileName?: string;
  tensor?: string;
  /** Structured data for callers that want more than the message (e.g. the missing key lists). */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

export class WeightsError extends Error {
  readonly code: WeightsErrorCode;
  readonly fileName?: string;
  readonly tensor?: string;
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(code: WeightsErrorCode, message: string, opts: WeightsErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'WeightsError';
    this.code = code;
    this.fileName = opts.fileName;
    this.tensor = opts.tensor;
    this.details = opts.details;
  }
}

/** `[768,3,32,32]`: the compact form used in messages (no spaces, like the brief's examples). */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** "a, b, c and 12 more": long key lists stay readable in an error dialog. */
export function listSome(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
