// The reference fixture: every text must give exactly the ids of openai/CLIP's tokenizer.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSharedJson, sharedDir, sharedPath, tinyClipDir } from '../testing/shared-fixtures';
import { ClipTokenizer, padIds } from './clip-tokenizer';

interface TokenizerCases {
  cases: { text: string; ids: number[] }[];
}

const cases = readSharedJson<TokenizerCases>('fixtures', 'tokenizer-cases.json').cases;

let tok: ClipTokenizer;
beforeAll(() => {
  // sharedPath throws when a file is absent: a missing fixture fails, never skips.
  const read = (name: string) => readFileSync(sharedPath(relative(sharedDir, join(tinyClipDir, name))), 'utf8');
  tok = ClipTokenizer.fromFiles(read('vocab.json'), read('merges.txt'));
});

describe('ClipTokenizer on the reference fixture', () => {
  it('has all 28 reference cases', () => {
    expect(cases).toHaveLength(28);
  });

  it('uses the CLIP special ids', () => {
    expect(tok.startId).toBe(49406);
    expect(tok.endId).toBe(49407);
  });

  it.each(cases.map((c, i) => [i, JSON.stringify(c.text).slice(0, 60), c] as const))(
    'case %i %s',
    (_i, _label, c) => {
      const { ids, truncated } = tok.tokenize(c.text);
      expect(ids).toEqual(c.ids);
      expect(truncated).toBe(tok.encode(c.text).length + 2 > 77);
      expect(ids[0]).toBe(tok.startId);
      expect(ids[ids.length - 1]).toBe(tok.endId);
    },
  );

  it('truncates the long text to 77 with the end token last', () => {
    const long = cases.find((c) => c.text.startsWith('the quick brown fox'));
    expect(long).toBeDefined();
    const r = tok.tokenize(long!.text);
    expect(r.truncated).toBe(true);
    expect(r.ids).toHaveLength(77);
    expect(r.ids[76]).toBe(tok.endId);
  });

  it('tokenizes the empty text as start + end', () => {
    expect(tok.tokenize('')).toEqual({ ids: [tok.startId, tok.endId], truncated: false });
    expect(tok.encode('')).toEqual([]);
  });

  it('honours a custom context length', () => {
    const r = tok.tokenize('a photo of a dog.', { contextLength: 4 });
    expect(r).toEqual({ ids: [49406, 320, 1125, 49407], truncated: true });
    expect(() => tok.tokenize('x', { contextLength: 1 })).toThrow(/contextLength/);
  });

  it('decodes like the reference (words end with a space)', () => {
    expect(tok.decode(tok.encode('A photo of a Dog.'))).toBe('a photo of a dog . ');
    expect(tok.decode(tok.encode('café 中文 🙂'))).toBe('café 中文 🙂 ');
    expect(() => tok.decode([1e9])).toThrow(/unknown token id/);
  });

  it('gives the same ids from the cache on repeated calls', () => {
    const text = 'a grey-headed flying fox, a grey-headed flying fox';
    expect(tok.encode(text)).toEqual(tok.encode(text));
  });
});

describe('padIds', () => {
  it('zero-pads to 77 by default', () => {
    const p = padIds([49406, 320, 49407]);
    expect(p).toBeInstanceOf(Int32Array);
    expect(p).toHaveLength(77);
    expect(Array.from(p.slice(0, 4))).toEqual([49406, 320, 49407, 0]);
  });

  it('uses a given length and pad value, and cuts longer input', () => {
    expect(Array.from(padIds([1, 2], 4, -1))).toEqual([1, 2, -1, -1]);
    expect(Array.from(padIds([1, 2, 3], 2))).toEqual([1, 2]);
  });
});
