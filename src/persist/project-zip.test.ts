// Bad and hostile project files are refused with the reason a user reads.
import { describe, expect, it } from 'vitest';
import { strToU8, Zip, ZipPassThrough, zipSync } from 'fflate';
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
    expect(() => importProjectZip(zipWith(many), { entries: 10, bytes: 1e9, ratio: 200 })).toThrow('more than 10 entries');
    expect(() => importProjectZip(zipWith({ 'project.json': json(base), 'images/0.png': new Uint8Array(5000) }), { entries: 100, bytes: 1000, ratio: 200 })).toThrow(/expands to more than/);
  });

  it('refuses a 100,000-entry file, a zip bomb and repeated entries with the default limits', () => {
    const many: Record<string, Uint8Array> = { 'project.json': json(base) };
    for (let i = 0; i < 100_000; i++) many[`images/${i}.png`] = png;
    expect(() => importProjectZip(zipSync(many, { level: 0 }))).toThrow('the project file has more than 20,000 entries: refused');
    // 16 MiB of zeros deflate to ~16 KiB: refused by its ratio before inflating.
    expect(() => importProjectZip(zipWith({ 'project.json': json(base), 'images/0.png': new Uint8Array(16 * 1024 ** 2) }))).toThrow(/entry "images\/0\.png" expands \d+ times .* a zip bomb; refused/);
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, d) => { if (err) throw err; parts.push(d); });
    for (const [name, bytes] of [['project.json', json(base)], ['images/0.png', png], ['images/0.png', png]] as const) {
      const f = new ZipPassThrough(name);
      zip.add(f);
      f.push(bytes, true);
    }
    zip.end();
    const twice = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((o, p) => (twice.set(p, o), o + p.length), 0);
    expect(() => importProjectZip(twice)).toThrow('the project file holds "images/0.png" twice (a damaged or forged file): refused');
  });

  it('refuses a schema that lies about its runs', () => {
    const run = { runId: 'r1', config: { method: 'proreg', scope: 'head', alpha: 1, temperature: 1, variant: 'official', gamma: 1, lrEncoder: 0, lrHead: 0.1, weightDecay: 0, schedule: 'constant', warmupFraction: 0, epochs: 1, batchSize: 8, microBatch: 8, seed: 0, augment: 'none', teacherView: 'clean', evalsPerEpoch: 1, valFraction: 0 }, classNames: ['a'], templates: ['{}'], done: true, final: null, hasLogits: false };
    const lie = (r: object) => importProjectZip(zipWith({ 'project.json': json({ ...base, runs: [{ ...run, ...r }] }), 'images/0.png': png }));
    expect(() => lie({ samples: [{ id: 7, label: 0, split: 'train' }], checkpoints: [] })).toThrow('run r1 lists sample 7, which the project does not have: refused');
    expect(() => lie({ samples: [{ id: 0, label: 4, split: 'train' }], checkpoints: [] })).toThrow('run r1 lists sample 0 with label 4 of 1 classes: refused');
    expect(() => lie({ samples: [{ id: 0, label: 0, split: 'train' }], checkpoints: ['last'] })).toThrow('run r1 lists a last checkpoint that is missing from the project file');
  });

  it("keeps a run's finished sweep, and refuses one of the wrong shape", () => {
    const sweep = { ensemble: [{ alpha: 0, accuracy: { test: 0.5 }, worstGroup: {} }, { alpha: 1, accuracy: { test: 0.75, ood: 0.25 }, worstGroup: { ood: 0 } }], wise: [{ alpha: 0.5, accuracy: { val: 0.5 }, worstGroup: {} }] };
    const config = { method: 'finetune', scope: 'full', alpha: 1, temperature: 1, variant: 'official', gamma: 1, lrEncoder: 1e-5, lrHead: 1e-3, weightDecay: 0.1, schedule: 'constant', warmupFraction: 0, epochs: 1, batchSize: 8, microBatch: 8, seed: 0, augment: 'none', teacherView: 'clean', evalsPerEpoch: 1, valFraction: 0 };
    const run = { runId: 'r1', config, samples: [{ id: 0, label: 0, split: 'train' }], classNames: ['a'], templates: ['{}'], done: true, final: null, checkpoints: [], hasLogits: false };
    const file = (r: object) => zipWith({ 'project.json': json({ ...base, runs: [{ ...run, ...r }] }), 'images/0.png': png });
    const opened = importProjectZip(file({ sweep }));
    expect(opened.runs[0].sweep).toEqual(sweep);
    // Written again, it comes back the same.
    const again = importProjectZip(exportProjectZip({ ...opened, name: 'p', createdAt: 1, ui: null }));
    expect(again.runs[0].sweep).toEqual(sweep);
    expect(importProjectZip(file({})).runs[0].sweep).toBeUndefined();
    expect(() => importProjectZip(file({ sweep: { ensemble: [{ alpha: 'half', accuracy: {}, worstGroup: {} }], wise: [] } }))).toThrow(/runs\.0\.sweep\.ensemble\.0\.alpha/);
    expect(() => importProjectZip(file({ sweep: { ensemble: [], wise: [{ alpha: 0.5, accuracy: { dev: 1 }, worstGroup: {} }] } }))).toThrow(/runs\.0\.sweep\.wise\.0\.accuracy/);
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
