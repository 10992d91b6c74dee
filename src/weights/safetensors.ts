// safetensors reader: validates the header up front, converts tensors to float32 lazily on request.
// Format: u64 LE header length N, N bytes of JSON header, then the data section that data_offsets index into.
import type { Dtype } from './dtypes';
import { DTYPE_SIZES, assertLittleEndian, bf16ToF32, f16ToF32, f8ToF32, isDtype, isFloatDtype } from './dtypes';
import { WeightsError, formatShape } from './errors';

/** A header this big is not a real checkpoint (CLIP-L's is ~50 KB); refuse before decoding it. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface TensorInfo {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** [begin, end) relative to the start of the data section, as in the header. */
  dataOffsets: [number, number];
  byteLength: number;
  /** Non-float tensors (e.g. CLIP's I64 `position_ids` buffer) are listed but never converted. */
  ignored: boolean;
}

export interface SafetensorsFile {
  fileName: string;
  /** `__metadata__` from the header (string to string per the spec). */
  metadata: Record<string, string>;
  /** Every tensor, in data-section order. */
  tensors: TensorInfo[];
  has(name: string): boolean;
  get(name: string): TensorInfo | undefined;
  /**
   * The tensor as float32, converted on each call (not cached). Aligned F32 data is returned as a view
   * into the file's bytes without copying: treat it as read-only, or copy it.
   */
  getFloat32(name: string): Float32Array;
  /** The tensor's raw little-endian bytes (a view, no copy). */
  getBytes(name: string): Uint8Array;
}

export interface ParseOptions {
  /** Used in error messages; defaults to "model.safetensors". */
  fileName?: string;
}

export function parseSafetensors(bytes: Uint8Array, opts: ParseOptions = {}): SafetensorsFile {
  const fileName = opts.fileName ?? 'model.safetensors';
  const fail = (code: ConstructorParameters<typeof WeightsError>[0], message: string, tensor?: string): never => {
    throw new WeightsError(code, message, { fileName, tensor });
  };

  if (bytes.byteLength < 8) {
    fail('file-too-short', `${fileName} is only ${bytes.byteLength} bytes long, too short to be a safetensors file (it may be empty or the download failed).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Two u32 halves instead of getBigUint64: the value is range-checked long before it loses precision.
  const headerLen = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLen > MAX_HEADER_BYTES) {
    fail('header-too-large', `${fileName} is not a valid safetensors file: its header claims to be ${headerLen} bytes, which is absurdly large.${sniffHint(bytes)}`);
  }
  if (8 + headerLen > bytes.byteLength) {
    fail('header-truncated', `${fileName} is truncated or not a safetensors file: its header claims ${headerLen} bytes but the file has only ${bytes.byteLength} bytes.${sniffHint(bytes)}`);
  }

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    fail('header-invalid-json', `${fileName} is not a valid safetensors file: its header is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail('header-not-object', `${fileName} is not a valid safetensors file: its header is JSON but not an object.`);
  }

  const dataStart = 8 + headerLen;
  const dataLength = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: TensorInfo[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        fail('bad-tensor-entry', `${fileName} has a malformed header: "__metadata__" is not an object.`);
      }
      // The spec says string values; some writers emit numbers, which we keep as text rather than reject.
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
      continue;
    }
    tensors.push(parseEntry(fileName, name, entry, fail));
  }

  // Sort by position so overlap and truncation are reported once, against the neighbouring tensor.
  const ordered = [...tensors].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let prev: TensorInfo | undefined;
  for (const t of ordered) {
    const [begin, end] = t.dataOffsets;
    if (t.byteLength === 0) continue;
    if (prev && prev.dataOffsets[1] > begin) {
      fail('overlapping-offsets', `${fileName} is corrupt: tensor "${t.name}" (bytes ${begin}-${end}) overlaps tensor "${prev.name}" (bytes ${prev.dataOffsets[0]}-${prev.dataOffsets[1]}).`, t.name);
    }
    if (end > dataLength) {
      fail('truncated', `${fileName} is truncated: tensor "${t.name}" needs data up to byte ${dataStart + end} but the file has only ${bytes.byteLength} bytes. The download was probably interrupted; download it again.`, t.name);
    }
    prev = t;
  }
  return new SingleFile(fileName, metadata, ordered, bytes, dataStart);
}

function parseEntry(
  fileName: string,
  name: string,
  entry: unknown,
  fail: (code: 'bad-tensor-entry' | 'unknown-dtype' | 'shape-mismatch' | 'bad-offsets', message: string, tensor?: string) => never,
): TensorInfo {
  const bad = (what: string): never => fail('bad-tensor-entry', `${fileName} has a malformed header: tensor "${name}" ${what}.`, name);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) bad('is not an object');
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string') bad('has no "dtype"');
  if (!Array.isArray(shape) || !shape.every(isCount)) bad('has a "shape" that is not a list of non-negative integers');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) bad('has "data_offsets" that are not two non-negative integers');
  const dt = dtype as string;
  if (!isDtype(dt)) {
    fail('unknown-dtype', `${fileName} uses dtype "${dt}" for tensor "${name}", which is not supported (supported: ${Object.keys(DTYPE_SIZES).join(', ')}).`, name);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) {
    fail('bad-offsets', `${fileName} is corrupt: tensor "${name}" has data_offsets [${begin}, ${end}] that end before they start.`, name);
  }
  const dims = shape as number[];
  const expected = dims.reduce((a, b) => a * b, 1) * DTYPE_SIZES[dt as Dtype];
  if (end - begin !== expected) {
    fail('shape-mismatch', `${fileName} is corrupt: tensor "${name}" is ${dt} with shape ${formatShape(dims)}, which needs ${expected} bytes, but its data_offsets span ${end - begin} bytes.`, name);
  }
  return { name, dtype: dt as Dtype, shape: dims, dataOffsets: [begin, end], byteLength: end - begin, ignored: !isFloatDtype(dt as Dtype) };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Common wrong files, recognised by their first bytes, so the message says what to do. */
function sniffHint(bytes: Uint8Array): string {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith('version https://git-lfs')) return ' It is a Git LFS pointer, not the weights: fetch the file with git lfs or download it from the Hub.';
  if (head.startsWith('<')) return ' It looks like an HTML/XML page (an error page or login redirect?), not model weights.';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return ' It looks like a zip archive (a PyTorch .bin checkpoint?); convert it to safetensors first.';
  if (head.startsWith('{')) return ' It looks like a JSON file (an index or config?), not model weights.';
  return '';
}

class SingleFile implements SafetensorsFile {
  private readonly byName: Map<string, TensorInfo>;

  constructor(
    readonly fileName: string,
    readonly metadata: Record<string, string>,
    readonly tensors: TensorInfo[],
    private readonly bytes: Uint8Array,
    private readonly dataStart: number,
  ) {
    this.byName = new Map(tensors.map((t) => [t.name, t]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): TensorInfo | undefined {
    return this.byName.get(name);
  }

  getBytes(name: string): Uint8Array {
    const t = this.require(name);
    return this.bytes.subarray(this.dataStart + t.dataOffsets[0], this.dataStart + t.dataOffsets[1]);
  }

  getFloat32(name: string): Float32Array {
    const t = this.require(name);
    if (t.ignored) {
      throw new WeightsError('not-float', `Tensor "${name}" in ${this.fileName} has dtype ${t.dtype}, not a float type, so it cannot be loaded as float32.`, { fileName: this.fileName, tensor: name });
    }
    assertLittleEndian();
    const raw = this.getBytes(name);
    const n = t.byteLength / DTYPE_SIZES[t.dtype];
    switch (t.dtype) {
      case 'F32':
        return new Float32Array(...aligned(raw, 4), n);
      case 'F16':
        return f16ToF32(new Uint16Array(...aligned(raw, 2), n));
      case 'BF16':
        return bf16ToF32(new Uint16Array(...aligned(raw, 2), n));
      case 'F64': {
        const out = new Float32Array(n);
        out.set(new Float64Array(...aligned(raw, 8), n)); // element-wise round to nearest float32
        return out;
      }
      case 'F8_E4M3':
      case 'F8_E5M2':
        return f8ToF32(raw, t.dtype);
      default:
        throw new Error(`unreachable dtype ${t.dtype}`);
    }
  }

  private require(name: string): TensorInfo {
    const t = this.byName.get(name);
    if (!t) throw new WeightsError('tensor-not-found', `Tensor "${name}" is not in ${this.fileName}.`, { fileName: this.fileName, tensor: name });
    return t;
  }
}

/** Typed arrays need an element-aligned byte offset; copy just this tensor when the file's layout is not. */
function aligned(raw: Uint8Array, size: number): [ArrayBufferLike, number] {
  if (raw.byteOffset % size === 0) return [raw.buffer, raw.byteOffset];
  return [raw.slice().buffer, 0];
}
