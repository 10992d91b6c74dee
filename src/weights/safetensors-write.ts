// safetensors writer: spec-conformant output (sorted names, contiguous offsets, header space-padded to 8 bytes).
import { assertLittleEndian, f32ToBf16Into, f32ToF16Into } from './dtypes';
import { WeightsError, formatShape } from './errors';

export type WriteDtype = 'F32' | 'F16' | 'BF16';

export interface TensorToWrite {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

export interface WriteOptions {
  /** Storage dtype for every tensor (default F32); F16/BF16 round to nearest even. */
  dtype?: WriteDtype;
  /** Written as `__metadata__` (omitted when not given). */
  metadata?: Record<string, string>;
}

export function writeSafetensors(
  tensors: readonly TensorToWrite[] | Readonly<Record<string, Omit<TensorToWrite, 'name'>>>,
  opts: WriteOptions = {},
): Uint8Array {
  const dtype = opts.dtype ?? 'F32';
  const size = dtype === 'F32' ? 4 : 2;
  const list: TensorToWrite[] = Array.isArray(tensors)
    ? [...(tensors as readonly TensorToWrite[])]
    : Object.entries(tensors).map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
  validate(list);
  // Code-unit order; the spec only needs a deterministic order, and this matches Python for ASCII names.
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // Build the header by hand: JSON.stringify on an object would move integer-like names ("0") first.
  const parts: string[] = [];
  if (opts.metadata) {
    for (const [k, v] of Object.entries(opts.metadata)) {
      if (typeof v !== 'string') throw new WeightsError('invalid-tensor', `Metadata value for "${k}" must be a string.`);
    }
    parts.push(`"__metadata__":${JSON.stringify(opts.metadata)}`);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of list) {
    const bytes = t.data.length * size;
    parts.push(`${JSON.stringify(t.name)}:${JSON.stringify({ dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] })}`);
    offsets.push(offset);
    offset += bytes;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLen = Math.ceil(json.length / 8) * 8;
  const dataStart = 8 + headerLen;

  const out = new Uint8Array(dataStart + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLen % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLen / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, dataStart);

  assertLittleEndian();
  list.forEach((t, i) => {
    const at = dataStart + offsets[i]; // dataStart is a multiple of 8, so typed views here are aligned
    if (dtype === 'F32') out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else if (dtype === 'F16') f32ToF16Into(t.data, new Uint16Array(out.buffer, at, t.data.length));
    else f32ToBf16Into(t.data, new Uint16Array(out.buffer, at, t.data.length));
  });
  return out;
}

function validate(list: readonly TensorToWrite[]): void {
  const seen = new Set<string>();
  for (const t of list) {
    const fail = (why: string): never => {
      throw new WeightsError('invalid-tensor', `Cannot write tensor "${t.name}": ${why}.`, { tensor: t.name });
    };
    if (typeof t.name !== 'string' || t.name === '') fail('the name is empty');
    if (t.name === '__metadata__') fail('"__metadata__" is reserved');
    if (seen.has(t.name)) fail('the name appears twice');
    seen.add(t.name);
    if (!(t.data instanceof Float32Array)) fail('data must be a Float32Array');
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`shape ${formatShape(t.shape)} is not a list of non-negative integers`);
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) fail(`shape ${formatShape(t.shape)} holds ${n} values but data has ${t.data.length}`);
  }
}
