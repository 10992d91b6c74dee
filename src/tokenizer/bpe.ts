// Byte-level BPE as in openai/CLIP `simple_tokenizer.py`: UTF-8 bytes are mapped to printable
// characters (`bytes_to_unicode`), the last symbol of a word carries the `</w>` suffix, and the
// lowest-ranked adjacent pair is merged (all its occurrences, left to right) until none applies.

export const END_OF_WORD = '</w>';

/** GPT-2/CLIP `bytes_to_unicode`: byte -> a visible character (printable Latin-1 map to themselves). */
export function bytesToUnicode(): string[] {
  const table: string[] = new Array<string>(256);
  const visible = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    // Bytes without a visible glyph are shifted past 255 in byte order, exactly like the reference.
    table[b] = String.fromCharCode(visible(b) ? b : 256 + n++);
  }
  return table;
}

/**
 * Parses a Hugging Face `merges.txt`: an optional `#version` first line, then one "left right"
 * pair per line, in rank order. Returns pair key ("left right") -> rank.
 */
export function parseMerges(mergesTxt: string): Map<string, number> {
  if (typeof mergesTxt !== 'string') throw new Error('merges.txt must be a string');
  const lines = mergesTxt.split(/\r?\n/);
  if (lines.length > 0 && lines[0].startsWith('#version')) lines.shift();
  const ranks = new Map<string, number>();
  let rank = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return; // trailing newline(s)
    const parts = line.split(/\s+/);
    if (parts.length !== 2) {
      throw new Error(`merges.txt line ${i + 2} is not a "left right" pair: ${JSON.stringify(raw)}`);
    }
    const key = `${parts[0]} ${parts[1]}`;
    // A duplicated pair keeps its last rank, like the reference's dict(zip(merges, range(n))).
    ranks.set(key, rank++);
  });
  if (ranks.size === 0) throw new Error('merges.txt contains no merges');
  return ranks;
}

/** BPE over byte-encoded words, with the reference's per-word result cache. */
export class Bpe {
  private readonly cache = new Map<string, string[]>();

  /** @param maxCache bound on cached words, so a long-lived worker does not grow without limit. */
  constructor(
    private readonly ranks: ReadonlyMap<string, number>,
    private readonly maxCache = 100_000,
  ) {}

  /** Symbols of one byte-encoded word (non-empty), the last one ending in `</w>`. */
  apply(word: string): string[] {
    const hit = this.cache.get(word);
    if (hit !== undefined) return hit;
    const out = this.merge(word);
    if (this.cache.size >= this.maxCache) this.cache.clear();
    this.cache.set(word, out);
    return out;
  }

  /** Pre-seeds a word that must never be split (the reference does this for special tokens). */
  pin(word: string): void {
    this.cache.set(word, [word]);
  }

  private merge(word: string): string[] {
    // Byte-encoded characters are all BMP, so code units are symbols.
    let symbols = word.split('');
    symbols[symbols.length - 1] += END_OF_WORD;
    while (symbols.length > 1) {
      let best = Infinity;
      let first = '';
      let second = '';
      for (let i = 0; i < symbols.length - 1; i++) {
        const r = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (r !== undefined && r < best) {
          best = r;
          first = symbols[i];
          second = symbols[i + 1];
        }
      }
      if (best === Infinity) break;
      const next: string[] = [];
      for (let i = 0; i < symbols.length; ) {
        if (i < symbols.length - 1 && symbols[i] === first && symbols[i + 1] === second) {
          next.push(first + second);
          i += 2;
        } else {
          next.push(symbols[i]);
          i += 1;
        }
      }
      symbols = next;
    }
    return symbols;
  }
}
