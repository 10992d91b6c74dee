// Text cleaning of openai/CLIP `simple_tokenizer.py`:
//   whitespace_clean(basic_clean(text)).lower()
//   basic_clean    = ftfy.fix_text -> html.unescape twice -> strip
//   whitespace_clean = re.sub(r'\s+', ' ') -> strip
// `fixText` is ftfy 6's `fix_text` minus mojibake repair (`fix_encoding`), which is a large
// heuristic model of legacy encodings; every other default fixer is reproduced.
import { CP1252_C1, ftfyUnescapeHtml, pyHtmlUnescape } from './html';

// Whitespace is spelled out because JS `\s` also matches U+FEFF, which Python keeps as a symbol.
/** `\s` of the `regex` module (Unicode White_Space), used by the reference's `re.sub` and pattern. */
export const RE_WS = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python's `str.isspace()`, used by `str.strip()`: White_Space plus U+001C..U+001F. */
const PY_WS = `${RE_WS}\\x1c-\\x1f`;
const RE_WS_RUN = new RegExp(`[${RE_WS}]+`, 'g');
const PY_STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');

/** `str.strip()` with Python's notion of whitespace. */
export function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

// ftfy chardata.LIGATURES: Latin ligatures/digraphs only (other scripts are left alone).
const LIGATURES: Record<string, string> = {
  'Ĳ': 'IJ', 'ĳ': 'ij', 'ŉ': 'ʼn', 'Ǳ': 'DZ', 'ǲ': 'Dz', 'ǳ': 'dz', 'Ǆ': 'DŽ', 'ǅ': 'Dž', 'ǆ': 'dž',
  'Ǉ': 'LJ', 'ǈ': 'Lj', 'ǉ': 'lj', 'Ǌ': 'NJ', 'ǋ': 'Nj', 'ǌ': 'nj',
  'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'ſt', 'ﬆ': 'st',
};
const LIGATURE_RE = /[\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\ufb00-\ufb06]/g;

// ftfy chardata.WIDTH_MAP: U+3000 -> ' ', and U+FF01..U+FFEF -> their NFKC form where it differs.
const WIDTH_RE = /[\u3000\uff01-\uffef]/g;
const widthFix = (c: string): string => (c === '\u3000' ? ' ' : c.normalize('NFKC'));

// ftfy: SINGLE_QUOTE_RE / DOUBLE_QUOTE_RE.
const SINGLE_QUOTES = /[\u02bc\u2018-\u201b]/g;
const DOUBLE_QUOTES = /[\u201c-\u201f]/g;
// ftfy ANSI_RE; Python's `\d` is Unicode-aware, hence \p{Nd}.
// eslint-disable-next-line no-control-regex -- matching ESC is the point
const ANSI_ESCAPE = /\x1b\[(?:\p{Nd}|;)*[a-zA-Z]/gu;
// ftfy CONTROL_CHARS (C1 controls are not removed: fix_c1_controls maps them first).
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;
// Lone surrogates (ftfy fix_surrogates turns them into U+FFFD; pairs are already joined in JS).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One pass of ftfy's fixers, in `fix_and_explain` order. */
function fixOnce(text: string, unescape: boolean): string {
  let t = unescape ? ftfyUnescapeHtml(text) : text;
  t = t.replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]); // fix_c1_controls
  t = t.replace(LIGATURE_RE, (c) => LIGATURES[c] ?? c);
  t = t.replace(WIDTH_RE, widthFix);
  t = t.replace(DOUBLE_QUOTES, '"').replace(SINGLE_QUOTES, "'");
  t = t.replace(/\r\n|[\r\u2028\u2029\x85]/g, '\n'); // fix_line_breaks
  t = t.replace(LONE_SURROGATE, '\ufffd');
  t = t.replace(ANSI_ESCAPE, '');
  t = t.replace(CONTROL_CHARS, '');
  return t.normalize('NFC');
}

/**
 * ftfy.fix_text with default settings (no mojibake repair). Works line by line like ftfy: HTML
 * entities are only decoded until the first line containing '<' (then the text is assumed HTML).
 */
export function fixText(text: string): string {
  let out = '';
  let unescape = true;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    let seg = text.slice(pos, end);
    if (seg.includes('<')) unescape = false;
    // fix_and_explain repeats all fixers until nothing changes.
    for (let prev = ''; prev !== seg; ) {
      prev = seg;
      seg = fixOnce(seg, unescape);
    }
    out += seg;
    pos = end;
  }
  return out;
}

/** `basic_clean`: ftfy, html.unescape twice, strip. */
export function basicClean(text: string): string {
  return pyStrip(pyHtmlUnescape(pyHtmlUnescape(fixText(text))));
}

/** `whitespace_clean`: collapse whitespace runs to one space, strip. */
export function whitespaceClean(text: string): string {
  return pyStrip(text.replace(RE_WS_RUN, ' '));
}

/** The full reference cleaning, including the final lower-casing. */
export function cleanText(text: string): string {
  return whitespaceClean(basicClean(text)).toLowerCase();
}
