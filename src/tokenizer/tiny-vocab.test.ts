// Tokenizer behaviour on a vocabulary this test builds itself: runs without ../shared.
import { describe, expect, it } from 'vitest';
import { Bpe, bytesToUnicode, parseMerges } from './bpe';
import { ClipTokenizer } from './clip-tokenizer';

const MERGES = ['h e', 'l l', 'l o</w>', 'he ll', 'hell o</w>', "' s</w>"];

/** A CLIP-shaped vocab: 256 byte symbols, their `</w>` forms, the merges, then the specials. */
function tinyFiles(merges = MERGES, extra: Record<string, unknown> = {}) {
  const bytes = bytesToUnicode();
  const tokens = [...bytes, ...bytes.map((c) => `${c}</w>`), ...merges.map((m) => m.replace(' ', ''))];
  const vocab: Record<string, unknown> = Object.fromEntries(tokens.map((t, i) => [t, i]));
  vocab['<|startoftext|>'] = tokens.length;
  vocab['<|endoftext|>'] = tokens.length + 1;
  return { vocabJson: JSON.stringify({ ...vocab, ...extra }), mergesTxt: `#version: 0.2\n${merges.join('\n')}\n`, vocab };
}

describe('bytesToUnicode', () => {
  it('maps the 256 bytes to distinct characters, printable ones to themselves', () => {
    const t = bytesToUnicode();
    expect(new Set(t).size).toBe(256);
    expect(t[0x61]).toBe('a');
    expect(t[0x20]).toBe('Ġ'); // space is byte 32 -> 256 + 32
    expect(t[0x00]).toBe('Ā');
    expect(t[0xad]).toBe('Ń'); // soft hyphen is the last shifted byte
  });
});

describe('Bpe', () => {
  it('merges by rank and caches', () => {
    const bpe = new Bpe(parseMerges(MERGES.join('\n')));
    expect(bpe.apply('hello')).toEqual(['hello</w>']);
    expect(bpe.apply('lo')).toEqual(['lo</w>']);
    expect(bpe.apply('x')).toEqual(['x</w>']);
    expect(bpe.apply('hex')).toEqual(['he', 'x</w>']);
    expect(bpe.apply('hello')).toBe(bpe.apply('hello'));
  });

  it('merges every occurrence of the best pair left to right', () => {
    const bpe = new Bpe(parseMerges('a a'));
    expect(bpe.apply('aaa')).toEqual(['aa', 'a</w>']);
    expect(bpe.apply('aaaaa')).toEqual(['aa', 'aa', 'a</w>']);
    // Once "a a" is used up, the next-ranked pair applies to the merged symbols.
    expect(new Bpe(parseMerges('a a\naa a</w>')).apply('aaa')).toEqual(['aaa</w>']);
  });
});

describe('ClipTokenizer on a hand-made vocab', () => {
  const { vocabJson, mergesTxt, vocab } = tinyFiles();
  const tok = ClipTokenizer.fromFiles(vocabJson, mergesTxt);
  const id = (t: string) => vocab[t] as number;

  it('finds the special tokens in the vocab', () => {
    expect(tok.startId).toBe(id('<|startoftext|>'));
    expect(tok.endId).toBe(id('<|endoftext|>'));
  });

  it('cleans, splits and merges', () => {
    expect(tok.encode('  HELLO   lo ')).toEqual([id('hello</w>'), id('lo</w>')]);
    // "h e" only merges word-internally: the last symbol of "he" is "e</w>".
    expect(tok.encode("he's")).toEqual([id('h'), id('e</w>'), id("'s</w>")]);
    expect(tok.encode('hi!?')).toEqual([id('h'), id('i</w>'), id('!'), id('?</w>')]);
    expect(tok.encode('é')).toEqual([id('Ã'), id('©</w>')]); // UTF-8 bytes C3 A9
  });

  it('keeps special tokens in the text whole', () => {
    expect(tok.encode('<|endoftext|>')).toEqual([tok.endId]);
  });

  it('wraps, truncates and decodes', () => {
    expect(tok.tokenize('hello')).toEqual({ ids: [tok.startId, id('hello</w>'), tok.endId], truncated: false });
    const r = tok.tokenize('hello hello hello', { contextLength: 3 });
    expect(r).toEqual({ ids: [tok.startId, id('hello</w>'), tok.endId], truncated: true });
    expect(tok.decode(tok.encode('Hello, é!'))).toBe('hello , é ! ');
  });
});

describe('error messages', () => {
  const { vocabJson, mergesTxt } = tinyFiles();

  it('rejects a vocab.json that is not an object of token -> id', () => {
    expect(() => ClipTokenizer.fromFiles('[1, 2]', mergesTxt)).toThrow('vocab.json is not a JSON object of token -> id');
    expect(() => ClipTokenizer.fromFiles('null', mergesTxt)).toThrow('vocab.json is not a JSON object of token -> id');
    expect(() => ClipTokenizer.fromFiles('{"a": "1"}', mergesTxt)).toThrow(/vocab.json is not a JSON object of token -> id: "a"/);
    expect(() => ClipTokenizer.fromFiles('{"a": 1.5}', mergesTxt)).toThrow(/token -> id/);
    expect(() => ClipTokenizer.fromFiles('{oops', mergesTxt)).toThrow(/vocab.json is not valid JSON/);
    expect(() => ClipTokenizer.fromFiles('{}', mergesTxt)).toThrow('vocab.json is empty');
  });

  it('reports missing special tokens', () => {
    const v = JSON.parse(vocabJson) as Record<string, number>;
    delete v['<|endoftext|>'];
    expect(() => ClipTokenizer.fromFiles(JSON.stringify(v), mergesTxt)).toThrow('vocab.json has no special token <|endoftext|>');
  });

  it('rejects malformed merges.txt', () => {
    expect(() => ClipTokenizer.fromFiles(vocabJson, '#version: 0.2\nh e\nl l x\n')).toThrow(
      'merges.txt line 3 is not a "left right" pair: "l l x"',
    );
    expect(() => ClipTokenizer.fromFiles(vocabJson, '#version: 0.2\n')).toThrow('merges.txt contains no merges');
    expect(() => ClipTokenizer.fromFiles(vocabJson, 'q z\n')).toThrow(/merge "q z" produces "qz", which is not in vocab.json/);
  });

  it('accepts merges without a header and with CRLF line ends', () => {
    expect(() => ClipTokenizer.fromFiles(vocabJson, MERGES.join('\r\n'))).not.toThrow();
  });
});
