// PyTorch checkpoints read by the restricted reader: every tensor of the zip and legacy fixtures equals the
// safetensors fixture's (they hold the same weights), the evil pickle is refused naming its global and runs
// nothing, and damaged files (generated here from the good fixture) each get their own message.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { bytesRange } from './byte-range';
import { WeightsError } from './errors';
import { parseSafetensors } from './safetensors';
import { openTorchCheckpoint } from './torch-checkpoint';
import { stateDictPickle, writeTorchZip } from './torch-write';
import { f32ToBf16Into, f32ToF16Into } from './dtypes';
import { rejected } from '../testing/thrown';
import { tinyClipBinDir, tinyClipDir } from '../testing/shared-fixtures';

const st = parseSafetensors(new Uint8Array(readFileSync(join(tinyClipDir, 'model.safetensors'))));
const binBytes = (variant: '' | '-legacy' | '-evil' = '') => new Uint8Array(readFileSync(join(tinyClipBinDir(variant), 'pytorch_model.bin')));
const open = (bytes: Uint8Array) => openTorchCheckpoint(bytesRange(bytes));
const failure = (bytes: Uint8Array) => rejected(WeightsError, open(bytes).then(async (w) => {
  for (const t of w.tensors) if (!t.ignored) await w.readFloat32(t.name);
}));

/** How many elements differ (bit for bit), or -1 when the lengths do. */
function differing(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return -1;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

/** The zip fixture re-packed (stored, like torch.save) after `edit` changed its members. */
function repacked(edit: (members: Record<string, Uint8Array>) => void): Uint8Array {
  const members = unzipSync(binBytes());
  edit(members);
  return zipSync(Object.fromEntries(Object.entries(members).map(([k, v]) => [k, [v, { level: 0 }]])) as Zippable);
}

describe('PyTorch checkpoints', () => {
  for (const variant of ['', '-legacy'] as const) {
    it(`tiny-clip-b32-bin${variant}: every tensor equals the safetensors fixture's, integer buffers ignored`, async () => {
      const w = await open(binBytes(variant));
      expect(w.tensors.map((t) => t.name).sort()).toEqual(st.tensors.map((t) => t.name).sort());
      expect(w.tensors.filter((t) => t.ignored).map((t) => `${t.name}:${t.dtype}`).sort()).toEqual(['text_model.embeddings.position_ids:I64', 'vision_model.embeddings.position_ids:I64']);
      for (const t of w.tensors) {
        expect(t.shape, t.name).toEqual(st.get(t.name)!.shape);
        if (!t.ignored) expect(differing(await w.readFloat32(t.name), st.getFloat32(t.name)), t.name).toBe(0);
      }
    });
  }

  it('refuses the evil pickle, naming the global, and runs nothing', async () => {
    const e = await rejected(WeightsError, open(binBytes('-evil')));
    expect(e.code).toBe('pickle-refused');
    expect(e.message).toMatch(/pytorch_model\.bin is not a plain state dict: its pickle asks for the Python global posix\.system/);
    expect(e.message).not.toMatch(/^[A-Z]\w*Error/);
    expect(existsSync('/tmp/proreg-evil-pickle-ran')).toBe(false);
  });

  it('refuses other globals whichever opcode names them (GLOBAL, STACK_GLOBAL)', async () => {
    const enc = (t: string) => [...new TextEncoder().encode(t)];
    const short = (t: string) => [0x8c, t.length, ...enc(t)]; // SHORT_BINUNICODE
    const pickles: [number[], string][] = [
      [[0x80, 2, 0x63, ...enc('builtins\neval\n'), 0x2e], 'builtins.eval'],
      [[0x80, 4, ...short('__main__'), ...short('Evil'), 0x93, 0x29, 0x81, 0x2e], '__main__.Evil'], // STACK_GLOBAL, (), NEWOBJ
    ];
    for (const [pkl, name] of pickles) {
      const e = await failure(zipSync({ 'a/data.pkl': [new Uint8Array(pkl), { level: 0 }] } as Zippable));
      expect(e.code).toBe('pickle-refused');
      expect(e.message).toContain(`its pickle asks for the Python global ${name}`);
    }
  });

  it('says a truncated zip or legacy file is truncated', async () => {
    const zip = binBytes();
    const e1 = await failure(zip.subarray(0, zip.length >> 1));
    expect(e1.code).toBe('truncated');
    expect(e1.message).toMatch(/pytorch_model\.bin is truncated or damaged: its zip directory is missing.*download it again/);
    const legacy = binBytes('-legacy');
    const e2 = await failure(legacy.subarray(0, Math.floor(legacy.length * 0.6)));
    expect(e2.code).toBe('truncated');
    expect(e2.message).toMatch(/pytorch_model\.bin is truncated: its storages need \d+ bytes but the file has only \d+/);
    const e3 = await failure(legacy.subarray(0, 200));
    expect(e3.message).toMatch(/pytorch_model\.bin is truncated: its pickle stops in the middle/);
  });

  it('names a storage that data.pkl refers to but the archive lacks', async () => {
    const e = await failure(repacked((m) => delete m['pytorch_model/data/5']));
    expect(e.code).toBe('storage-missing');
    expect(e.message).toBe('pytorch_model.bin is damaged: its data.pkl refers to storage 5 (pytorch_model/data/5), which the archive does not contain.');
  });

  it('names an unknown opcode', async () => {
    const e = await failure(repacked((m) => {
      const pkl = m['pytorch_model/data.pkl'].slice();
      pkl[2] = 0xff; // right after PROTO 2
      m['pytorch_model/data.pkl'] = pkl;
    }));
    expect(e.code).toBe('pickle-invalid');
    expect(e.message).toMatch(/pytorch_model\.bin is not a readable PyTorch checkpoint: its pickle has the unknown opcode 0xff near byte 2/);
  });

  it('says what a file that is no checkpoint at all is', async () => {
    const lfs = new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 605247071\n');
    expect((await failure(lfs)).message).toMatch(/is not a PyTorch checkpoint .* It is a Git LFS pointer/);
  });
});

describe('views and dtypes', () => {
  it('reads views into one storage (offset, transposed strides) and F16/BF16 storages', async () => {
    // Storage "0": 0..11 as F32. w = its first 6 as [2,3] transposed to [3,2]; b = 3 elements from offset 7;
    // c = every other element of a row, stride 2.
    const base = Float32Array.from({ length: 12 }, (_, i) => i);
    const half = new Uint16Array(4);
    f32ToF16Into(new Float32Array([1.5, -2, 0.25, 65504]), half);
    const brain = new Uint16Array(2);
    f32ToBf16Into(new Float32Array([3.25, -0.5]), brain);
    const view = (offset: number, stride: number[]) => ({ storage: 'base', storageNumel: 12, offset, stride });
    const pkl = stateDictPickle([
      { name: 'w', shape: [3, 2], dtype: 'F32', view: view(0, [1, 3]) },
      { name: 'b', shape: [3], dtype: 'F32', view: view(7, [1]) },
      { name: 'c', shape: [2, 2], dtype: 'F32', view: view(1, [6, 2]) },
      { name: 'h', shape: [4], dtype: 'F16', view: { storage: 'half', storageNumel: 4, offset: 0, stride: [1] } },
      { name: 'g', shape: [1, 2], dtype: 'BF16', view: { storage: 'brain', storageNumel: 2, offset: 0, stride: [2, 1] } },
    ]);
    const bytes = zipSync({
      'archive/data.pkl': [pkl, { level: 0 }],
      'archive/data/base': [new Uint8Array(base.buffer), { level: 0 }],
      'archive/data/half': [new Uint8Array(half.buffer), { level: 0 }],
      'archive/data/brain': [new Uint8Array(brain.buffer), { level: 0 }],
    } as Zippable);
    const w = await open(bytes);
    expect(Array.from(await w.readFloat32('w'))).toEqual([0, 3, 1, 4, 2, 5]);
    expect(Array.from(await w.readFloat32('b'))).toEqual([7, 8, 9]);
    expect(Array.from(await w.readFloat32('c'))).toEqual([1, 3, 7, 9]);
    expect(Array.from(await w.readFloat32('h'))).toEqual([1.5, -2, 0.25, 65504]);
    expect(Array.from(await w.readFloat32('g'))).toEqual([3.25, -0.5]);
    expect(w.get('h')).toEqual({ name: 'h', dtype: 'F16', shape: [4], ignored: false });
  });

  it('refuses a view that reaches past its storage before reading anything', async () => {
    const pkl = stateDictPickle([{ name: 'w', shape: [4, 4], dtype: 'F32', view: { storage: '0', storageNumel: 12, offset: 0, stride: [4, 1] } }]);
    const bytes = zipSync({ 'a/data.pkl': [pkl, { level: 0 }], 'a/data/0': [new Uint8Array(48), { level: 0 }] } as Zippable);
    expect((await failure(bytes)).message).toBe('pytorch_model.bin is damaged: tensor "w" (shape [4,4], offset 0) reaches past the end of its storage of 12 elements.');
  });

  it('the writer streams a checkpoint the reader reads back', async () => {
    const specs = [{ name: 'a', shape: [2, 3], dtype: 'F32' as const }, { name: 'b', shape: [5], dtype: 'F32' as const }];
    const data = [Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([-1, -2, -3, -4, -5])];
    const chunks: Uint8Array[] = [];
    await writeTorchZip(specs, (i) => data[i], (c) => chunks.push(c));
    const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    chunks.reduce((off, c) => (all.set(c, off), off + c.length), 0);
    const w = await open(all);
    expect(Array.from(await w.readFloat32('a'))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(await w.readFloat32('b'))).toEqual([-1, -2, -3, -4, -5]);
  });
});
