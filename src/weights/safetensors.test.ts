import { describe, expect, it } from 'vitest';
import { WeightsError } from './errors';
import { parseSafetensors } from './safetensors';
import { writeSafetensors } from './safetensors-write';
import { thrown } from '../testing/thrown';

/** Builds a raw file from a header (object or literal text) and data bytes; `padTo8` mimics real writers. */
function rawFile(header: unknown, data: Uint8Array | number = 0, opts: { claimedLen?: number; lead?: number } = {}): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const lead = opts.lead ?? 0; // bytes before the file inside the buffer, to test unaligned views
  const buf = new Uint8Array(lead + 8 + json.length + body.length);
  const out = buf.subarray(lead);
  const view = new DataView(out.buffer, out.byteOffset);
  const len = opts.claimedLen ?? json.length;
  view.setUint32(0, len % 2 ** 32, true);
  view.setUint32(4, Math.floor(len / 2 ** 32), true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

const errorOf = (fn: () => unknown): WeightsError => thrown(WeightsError, fn);

const special = new Float32Array([0, -0, 1, -2.5, 65504, -65504, Infinity, -Infinity, NaN, 2 ** -24, 1e-3, 3.14159]);

describe('write then read', () => {
  it('round-trips F32 exactly (bit for bit, NaN and -0 included)', () => {
    const a = new Float32Array([1.5, -0, NaN, Infinity, 1e-40, 123.456]);
    const b = new Float32Array(24).map((_, i) => i / 7);
    const bytes = writeSafetensors([{ name: 'b.weight', shape: [2, 3, 4], data: b }, { name: 'a', shape: [6], data: a }], { metadata: { format: 'pt' } });
    const f = parseSafetensors(bytes);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(f.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual([['a', 'F32', [6]], ['b.weight', 'F32', [2, 3, 4]]]);
    expect(new Uint32Array(f.getFloat32('a').slice().buffer)).toEqual(new Uint32Array(a.buffer));
    expect(f.getFloat32('b.weight')).toEqual(b);
  });

  it('writes a spec-conformant layout: padded header, sorted names, contiguous offsets', () => {
    const bytes = writeSafetensors({ z: { shape: [3], data: new Float32Array(3) }, '10': { shape: [], data: new Float32Array([7]) }, a: { shape: [2, 0], data: new Float32Array(0) } }, { dtype: 'F16' });
    const view = new DataView(bytes.buffer);
    const n = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect(n % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.startsWith('{"10":')).toBe(true);
    expect(text).toMatch(/} *$/);
    const header = JSON.parse(text) as Record<string, { data_offsets: number[] }>;
    expect(Object.keys(header)).toEqual(['10', 'a', 'z']); // JS puts "10" first anyway; the text order is checked above
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"z"'));
    expect(header['10'].data_offsets).toEqual([0, 2]);
    expect(header.a.data_offsets).toEqual([2, 2]);
    expect(header.z.data_offsets).toEqual([2, 8]);
    expect(bytes.length).toBe(8 + n + 8);
    expect(parseSafetensors(bytes).getFloat32('10')).toEqual(new Float32Array([7]));
  });

  it('round-trips F16 with special values and rounds to nearest even', () => {
    const f = parseSafetensors(writeSafetensors([{ name: 'x', shape: [special.length], data: special }], { dtype: 'F16' }));
    expect(f.get('x')?.dtype).toBe('F16');
    const got = Array.from(f.getFloat32('x'));
    expect(got.slice(0, 8)).toEqual([0, -0, 1, -2.5, 65504, -65504, Infinity, -Infinity]);
    expect(Object.is(got[1], -0)).toBe(true);
    expect(got[8]).toBeNaN();
    expect(got[9]).toBe(2 ** -24);
    expect(got[10]).toBe(1049 * 2 ** -20); // nearest f16 to 1e-3
    expect(got[11]).toBe(3.140625);
    const ties = parseSafetensors(writeSafetensors([{ name: 't', shape: [2], data: new Float32Array([1 + 2 ** -11, 1 + 3 * 2 ** -11]) }], { dtype: 'F16' }));
    expect(Array.from(ties.getFloat32('t'))).toEqual([1, 1 + 2 ** -9]);
  });

  it('round-trips BF16 with special values', () => {
    const f = parseSafetensors(writeSafetensors([{ name: 'x', shape: [3, 4], data: special }], { dtype: 'BF16' }));
    const got = Array.from(f.getFloat32('x'));
    expect(got.slice(0, 4)).toEqual([0, -0, 1, -2.5]);
    expect(got[4]).toBe(65536); // 65504 rounds up in bf16's 8-bit mantissa
    expect(got.slice(6, 8)).toEqual([Infinity, -Infinity]);
    expect(got[8]).toBeNaN();
    expect(got[9]).toBe(2 ** -24);
    expect(got[11]).toBe(3.140625);
  });

  it('reads F64 as float32 and lists integer tensors as ignored', () => {
    const header = {
      __metadata__: { note: 'x' },
      ids: { dtype: 'I64', shape: [1, 3], data_offsets: [0, 24] },
      w: { dtype: 'F64', shape: [2], data_offsets: [24, 40] },
      mask: { dtype: 'BOOL', shape: [2], data_offsets: [40, 42] },
    };
    const data = new Uint8Array(42);
    new BigInt64Array(data.buffer, 0, 3).set([0n, 1n, 2n]);
    new Float64Array(data.buffer, 24, 2).set([0.1, -1e300]);
    const f = parseSafetensors(rawFile(header, data));
    expect(f.tensors.map((t) => [t.name, t.ignored])).toEqual([['ids', true], ['w', false], ['mask', true]]);
    expect(Array.from(f.getFloat32('w'))).toEqual([Math.fround(0.1), -Infinity]);
    expect(f.getBytes('ids').length).toBe(24);
    expect(errorOf(() => f.getFloat32('ids')).message).toBe('Tensor "ids" in model.safetensors has dtype I64, not a float type, so it cannot be loaded as float32.');
    expect(errorOf(() => f.getFloat32('nope')).code).toBe('tensor-not-found');
  });

  it('copies only when a tensor is not aligned, and returns views when it is', () => {
    const vals = new Float32Array([1, 2, 3]);
    const halves = new Uint16Array([0x3c00, 0xc000]);
    const data = new Uint8Array(3 + 12 + 1 + 4);
    data.set(new Uint8Array(vals.buffer), 3); // F32 at offset 3
    data.set(new Uint8Array(halves.buffer), 16); // F16 at offset 16
    const header = { pad: { dtype: 'U8', shape: [3], data_offsets: [0, 3] }, f: { dtype: 'F32', shape: [3], data_offsets: [3, 15] }, h: { dtype: 'F16', shape: [2], data_offsets: [16, 20] } };
    for (const lead of [0, 1, 2, 3]) {
      const f = parseSafetensors(rawFile(header, data, { lead }));
      expect(f.getFloat32('f')).toEqual(vals);
      expect(Array.from(f.getFloat32('h'))).toEqual([1, -2]);
    }
    const aligned = writeSafetensors([{ name: 'a', shape: [3], data: vals }]);
    const view = parseSafetensors(aligned).getFloat32('a');
    expect(view.buffer).toBe(aligned.buffer); // no copy of a 600 MB file
  });
});

describe('errors name the file and the problem', () => {
  const opts = { fileName: 'clip.safetensors' };

  it('file shorter than 8 bytes', () => {
    const e = errorOf(() => parseSafetensors(new Uint8Array(5), opts));
    expect(e.code).toBe('file-too-short');
    expect(e.message).toBe('clip.safetensors is only 5 bytes long, too short to be a safetensors file (it may be empty or the download failed).');
  });

  it('header longer than the file', () => {
    const e = errorOf(() => parseSafetensors(rawFile('{}', 0, { claimedLen: 5000 }), opts));
    expect(e.code).toBe('header-truncated');
    expect(e.message).toBe('clip.safetensors is truncated or not a safetensors file: its header claims 5000 bytes but the file has only 10 bytes.');
  });

  it('absurdly large header, with a hint for common wrong files', () => {
    const e = errorOf(() => parseSafetensors(rawFile('{}', 0, { claimedLen: 200_000_000 }), opts));
    expect(e.code).toBe('header-too-large');
    expect(e.message).toBe('clip.safetensors is not a valid safetensors file: its header claims to be 200000000 bytes, which is absurdly large.');
    const lfs = new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 600000000\n');
    expect(errorOf(() => parseSafetensors(lfs, opts)).message).toContain('It is a Git LFS pointer, not the weights');
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body>Not found</body></html>');
    expect(errorOf(() => parseSafetensors(html, opts)).message).toContain('It looks like an HTML/XML page');
  });

  it('header that is not JSON, or not an object', () => {
    const e = errorOf(() => parseSafetensors(rawFile('{"a": '), opts));
    expect(e.code).toBe('header-invalid-json');
    expect(e.message).toMatch(/^clip\.safetensors is not a valid safetensors file: its header is not valid JSON \(.+\)\.$/);
    const arr = errorOf(() => parseSafetensors(rawFile('[1,2]'), opts));
    expect(arr.code).toBe('header-not-object');
    expect(arr.message).toBe('clip.safetensors is not a valid safetensors file: its header is JSON but not an object.');
    expect(errorOf(() => parseSafetensors(rawFile({ x: { dtype: 'F32', shape: 'big', data_offsets: [0, 4] } }, 4))).message)
      .toBe('model.safetensors has a malformed header: tensor "x" has a "shape" that is not a list of non-negative integers.');
  });

  it('unknown dtype names the dtype and the tensor', () => {
    const e = errorOf(() => parseSafetensors(rawFile({ 'text.w': { dtype: 'Q4_K', shape: [2], data_offsets: [0, 2] } }, 2), opts));
    expect(e.code).toBe('unknown-dtype');
    expect(e.tensor).toBe('text.w');
    expect(e.message).toMatch(/^clip\.safetensors uses dtype "Q4_K" for tensor "text\.w", which is not supported \(supported: F64, F32, F16, BF16,/);
  });

  it('byte length that does not match the shape', () => {
    const e = errorOf(() => parseSafetensors(rawFile({ w: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 24] } }, 24), opts));
    expect(e.code).toBe('shape-mismatch');
    expect(e.message).toBe('clip.safetensors is corrupt: tensor "w" is F16 with shape [2,3], which needs 12 bytes, but its data_offsets span 24 bytes.');
  });

  it('offsets that end before they start', () => {
    const e = errorOf(() => parseSafetensors(rawFile({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, 8), opts));
    expect(e.code).toBe('bad-offsets');
    expect(e.message).toBe('clip.safetensors is corrupt: tensor "w" has data_offsets [8, 4] that end before they start.');
  });

  it('overlapping offsets', () => {
    const header = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } };
    const e = errorOf(() => parseSafetensors(rawFile(header, 12), opts));
    expect(e.code).toBe('overlapping-offsets');
    expect(e.message).toBe('clip.safetensors is corrupt: tensor "b" (bytes 4-12) overlaps tensor "a" (bytes 0-8).');
  });

  it('truncated data section names the first tensor past the end', () => {
    const bytes = writeSafetensors([{ name: 'a', shape: [4], data: new Float32Array(4) }, { name: 'b', shape: [4], data: new Float32Array(4) }]);
    const cut = bytes.subarray(0, bytes.length - 20);
    const e = errorOf(() => parseSafetensors(cut, opts));
    expect(e.code).toBe('truncated');
    expect(e.tensor).toBe('a');
    const total = bytes.length;
    expect(e.message).toBe(`clip.safetensors is truncated: tensor "a" needs data up to byte ${total - 16} but the file has only ${total - 20} bytes. The download was probably interrupted; download it again.`);
  });

  it('writer rejects data that does not fit the shape', () => {
    const e = errorOf(() => writeSafetensors([{ name: 'w', shape: [2, 2], data: new Float32Array(3) }]));
    expect(e.code).toBe('invalid-tensor');
    expect(e.message).toBe('Cannot write tensor "w": shape [2,2] holds 4 values but data has 3.');
    expect(errorOf(() => writeSafetensors([{ name: 'w', shape: [1], data: new Float32Array(1) }, { name: 'w', shape: [1], data: new Float32Array(1) }])).message)
      .toBe('Cannot write tensor "w": the name appears twice.');
  });
});
