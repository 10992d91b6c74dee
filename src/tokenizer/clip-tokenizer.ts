// CLIP's tokenizer (openai/CLIP `clip/simple_tokenizer.py` + `clip.tokenize`), loaded from the
// Hugging Face `vocab.json` / `merges.txt` pair. Plain TypeScript: runs in a Worker and in Node.
import { Bpe, bytesToUnicode, parseMerges } from './bpe';
import { RE_WS, cleanText } from './clean';

export const START_OF_TEXT = '<|startoftext|>';
export const END_OF_TEXT = '<|endoftext|>';
export const DEFAULT_CONTEXT_LENGTH = 77;

// The reference pattern (compiled with regex.IGNORECASE), with the `regex` module's `\s`.
const WORD_PATTERN = new RegExp(
  `<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^${RE_WS}\\p{L}\\p{N}]+`,
  'giu',
);

export interface TokenizeOptions {
  /** Maximum number of ids including the start and end tokens (default 77). */
  contextLength?: number;
}

export interface TokenizeResult {
  /** `<|startoftext|>`, the BPE ids, `<|endoftext|>`; not padded. */
  ids: number[];
  /** True when the text did not fit and was cut (the end token is still last). */
  truncated: boolean;
}

/** Validates a parsed vocab.json: a flat object of token -> non-negative integer id. */
function parseVocab(vocabJson: string): Map<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(vocabJson);
  } catch (e) {
    throw new Error(`vocab.json is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('vocab.json is not a JSON object of token -> id');
  }
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new Error(`vocab.json is not a JSON object of token -> id: ${JSON.stringify(token)} -> ${JSON.stringify(id)}`);
    }
    vocab.set(token, id);
  }
  if (vocab.size === 0) throw new Error('vocab.json is empty');
  return vocab;
}

export class ClipTokenizer {
  readonly startId: number;
  readonly endId: number;
  private readonly byteEncoder = bytesToUnicode();
  private readonly byteDecoder = new Map<string, number>();
  private readonly decoder = new Map<number, string>();
  private readonly bpe: Bpe;
  // Word (byte-encoded) -> ids: the tokenizer's hot path skips BPE and vocab look-ups on repeats.
  private readonly idCache = new Map<string, number[]>();
  private readonly utf8 = new TextEncoder();

  private constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    ranks: ReadonlyMap<string, number>,
  ) {
    const special = (name: string): number => {
      const id = vocab.get(name);
      if (id === undefined) throw new Error(`vocab.json has no special token ${name}`);
      return id;
    };
    this.startId = special(START_OF_TEXT);
    this.endId = special(END_OF_TEXT);
    this.byteEncoder.forEach((c, b) => this.byteDecoder.set(c, b));
    for (const [token, id] of vocab) this.decoder.set(id, token);
    this.bpe = new Bpe(ranks);
    // The reference seeds its cache so that special tokens in the text are never split.
    this.bpe.pin(START_OF_TEXT);
    this.bpe.pin(END_OF_TEXT);
  }

  /** Builds a tokenizer from the text of Hugging Face `vocab.json` and `merges.txt`. */
  static fromFiles(vocabJson: string, mergesTxt: string): ClipTokenizer {
    const vocab = parseVocab(vocabJson);
    const ranks = parseMerges(mergesTxt);
    for (const key of ranks.keys()) {
      // Every merge result must be a token, or encoding could reach an id-less symbol.
      const merged = key.replace(' ', '');
      if (!vocab.has(merged)) throw new Error(`merges.txt merge "${key}" produces ${JSON.stringify(merged)}, which is not in vocab.json`);
    }
    return new ClipTokenizer(vocab, ranks);
  }

  /** BPE ids of the cleaned text, without start/end tokens. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const match of cleanText(text).matchAll(WORD_PATTERN)) {
      let word = '';
      for (const b of this.utf8.encode(match[0])) word += this.byteEncoder[b];
      let wordIds = this.idCache.get(word);
      if (wordIds === undefined) {
        wordIds = this.bpe.apply(word).map((sym) => {
          const id = this.vocab.get(sym);
          if (id === undefined) throw new Error(`BPE symbol ${JSON.stringify(sym)} is not in vocab.json`);
          return id;
        });
        if (this.idCache.size >= 100_000) this.idCache.clear();
        this.idCache.set(word, wordIds);
      }
      for (const id of wordIds) ids.push(id);
    }
    return ids;
  }

  /** `clip.tokenize` for one text, unpadded: start + ids + end, cut to `contextLength`. */
  tokenize(text: string, opts: TokenizeOptions = {}): TokenizeResult {
    const contextLength = opts.contextLength ?? DEFAULT_CONTEXT_LENGTH;
    if (!Number.isInteger(contextLength) || contextLength < 2) {
      throw new Error(`contextLength must be an integer >= 2, got ${contextLength}`);
    }
    const ids = [this.startId, ...this.encode(text), this.endId];
    if (ids.length <= contextLength) return { ids, truncated: false };
    // clip.tokenize(truncate=True): keep the first contextLength ids, end token forced last.
    const cut = ids.slice(0, contextLength);
    cut[contextLength - 1] = this.endId;
    return { ids: cut, truncated: true };
  }

  /** The reference `decode`: ids back to text, `</w>` read as a space (so words end in ' '). */
  decode(ids: number[]): string {
    const bytes: number[] = [];
    for (const id of ids) {
      const token = this.decoder.get(id);
      if (token === undefined) throw new Error(`unknown token id ${id}`);
      for (const c of token) {
        const b = this.byteDecoder.get(c);
        if (b === undefined) throw new Error(`token ${id} (${JSON.stringify(token)}) is not byte-encoded`);
        bytes.push(b);
      }
    }
    // errors="replace" in the reference: invalid UTF-8 becomes U+FFFD.
    return new TextDecoder('utf-8').decode(new Uint8Array(bytes)).split('</w>').join(' ');
  }
}

/** Zero-pads (or cuts) ids to a fixed length, as `clip.tokenize` lays out its int tensor. */
export function padIds(ids: readonly number[], length = DEFAULT_CONTEXT_LENGTH, pad = 0): Int32Array {
  const out = new Int32Array(length).fill(pad);
  out.set(ids.length > length ? ids.slice(0, length) : ids);
  return out;
}
