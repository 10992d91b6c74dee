// Bad and hostile project files are refused with the reason a user reads.
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { exportProjectZip, importProjectZip } from './project-zip';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const good = () => exportProjectZip({ name: 'p', createdAt: 1, classes: ['a', 'b'], samples: [{ id: 0, path: 'a/x.png', label: 0, split: 'train' }], images: new Map([[0, png]]), ui: { k: 1 }, runs: [] });

function zipWith(files: Record<string, Uint8Array>) {
  return zipSync(files);
}

const json = (v: unknown) => strToU8(JSON.stringify(v));
const base = { format: 'proreg-studio-project', version: 1, name: 'p', createdAt: 1, classes: ['a'], samples: [{ id: 0, path: 'a/x.png', label: 0, split: 'train', file: 'images/0.png' }], ui: null, runs: [] };

describe('project files', () => {
  it('round-trips a small project', () => {
    const p = importProjectZip(good());
    expect(p.samples).toEqual([{ id: 0, path: 'a/x.png', label: 0, split: 'train' }]);
    expect(Array.from(p.images.get(0)!)).toEqual(Array.from(png));
    expect(p.ui).toEqual({ k: 1 });
  });

  it('refuses path traversal and unexpected entries', () => {
    expect(() => importProjectZip(zipWith({ 'project.json': json(base), '../evil.png': png }))).toThrow('unsafe path "../evil.png" (path traversal)');
    expect(() => importProjectZip(zipWith({ 'project.json': json(base), 'images/0.png': png, 'run.sh': png }))).toThrow('unexpected entry "run.sh"');
  });

  it('refuses too many or too large entries before inflating them', () => {
    const many: Record<string, Uint8Array> = { 'project.json': json(base) };
    for (let i = 0; i < 20; i++) many[`images/${i}.png`] = png;
    expect(() => importProjectZip(zipWith(many), { entries: 10, bytes: 1e9 })).toThrow('more than 10 entries');
    expect(() => importProjectZip(zipWith({ 'project.json': json(base), 'images/0.png': new Uint8Array(5000) }), { entries: 100, bytes: 1000 })).toThrow(/would unpack to more than/);
  });

  it('refuses a wrong schema, naming the field', () => {
    expect(() => importProjectZip(zipWith({ 'project.json': json({ ...base, format: 'other' }) }))).toThrow(/project.json does not match the project schema: format/);
    expect(() => importProjectZip(zipWith({ 'project.json': json({ ...base, samples: [{ ...base.samples[0], split: 'dev' }] }), 'images/0.png': png }))).toThrow(/samples\.0\.split/);
    expect(() => importProjectZip(zipWith({ 'project.json': json({ ...base, samples: [{ ...base.samples[0], label: 3 }] }), 'images/0.png': png }))).toThrow('has label 3 but there are 1 classes');
    expect(() => importProjectZip(zipWith({ 'project.json': strToU8('{nope') }))).toThrow('project.json is not valid JSON');
  });

  it('refuses missing pieces and non-zips', () => {
    expect(() => importProjectZip(zipWith({ 'project.json': json(base) }))).toThrow('the image of sample a/x.png (images/0.png) is missing');
    expect(() => importProjectZip(zipWith({ 'images/0.png': png }))).toThrow('has no project.json');
    expect(() => importProjectZip(strToU8('hello'))).toThrow('not a zip archive');
    const cut = good().slice(0, 60);
    expect(() => importProjectZip(cut)).toThrow(/damaged|project\.json/);
  });
});
