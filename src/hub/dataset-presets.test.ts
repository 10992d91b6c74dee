// The BAR preset against a scripted GitHub: listing, files, metadata groups, cache, offline message.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { barDir } from '../testing/shared-fixtures';
import { barPreset } from './dataset-presets';

/** GitHub as seen by the preset, serving a subset of ../shared/datasets/bar. */
function github(perSplit: number) {
  const files = ['train', 'test'].flatMap((s) => readdirSync(join(barDir, s)).sort().filter((_, i) => i % 50 === 0).slice(0, perSplit).map((f) => `${s}/${f}`));
  const hosts: string[] = [];
  const fetchImpl = (async (url: string) => {
    const u = new URL(url);
    hosts.push(u.host);
    if (u.host === 'api.github.com') return new Response(JSON.stringify({ tree: [...files, 'metadata.json', 'README.md', 'assets/tiled.png'].map((path) => ({ path, type: 'blob' })) }));
    const path = decodeURIComponent(u.pathname.replace('/alinlab/BAR/master/', ''));
    return new Response(readFileSync(join(barDir, path)));
  }) as typeof fetch;
  return { files, hosts, fetchImpl };
}

describe('BAR preset', () => {
  it('downloads the listed images with progress and derives groups from the metadata', async () => {
    const gh = github(8);
    const progress: number[] = [];
    const data = await barPreset.load({ fetchImpl: gh.fetchImpl, onProgress: (d) => progress.push(d) });
    expect(data.files.map((f) => f.path)).toEqual(gh.files.map((f) => `BAR/${f}`).sort());
    expect(progress.at(-1)).toBe(16);
    expect(new Set(gh.hosts)).toEqual(new Set(['api.github.com', 'raw.githubusercontent.com']));
    const groups = [...data.groups.values()];
    expect(groups.length).toBe(16);
    expect(groups.some((g) => /imSitu|google|flickr|stanford| /.test(g))).toBe(true);
    const first = data.files[0];
    expect(Buffer.from(first.bytes).equals(readFileSync(join(barDir, first.path.replace('BAR/', ''))))).toBe(true);
  });

  it('says what failed when GitHub cannot be reached', async () => {
    const fetchImpl = (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch;
    await expect(barPreset.load({ fetchImpl, onProgress: () => {} })).rejects.toThrow('cannot reach api.github.com (no network?)');
  });
});
