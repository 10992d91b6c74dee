// HTML entity decoding with the exact semantics the CLIP reference relies on:
// Python's `html.unescape` (lenient, legacy names without ';') and ftfy's stricter `unescape_html`.
// Named lookups go through `entities` (the WHATWG table, whose longest-legacy-prefix rule is the
// one Python implements); numeric references follow CPython's own tables, which differ from the spec.
import { DecodingMode, decodeHTML, decodeHTMLStrict } from 'entities/decode';

/** Windows-1252 for 0x80..0x9f, undefined bytes kept as themselves ("sloppy" cp1252, as Python/ftfy). */
export const CP1252_C1 =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/** CPython `html._invalid_codepoints`: numeric references to these decode to nothing. */
function isInvalidCodepoint(n: number): boolean {
  return (
    (n >= 0x1 && n <= 0x8) ||
    n === 0xb ||
    (n >= 0xe && n <= 0x1f) ||
    (n >= 0x7f && n <= 0x9f) ||
    (n >= 0xfdd0 && n <= 0xfdef) ||
    (n & 0xfffe) === 0xfffe
  );
}

/** CPython's numeric charref rule (`&#65`, `&#x41;`); `body` is what follows '&#'. */
function decodeNumeric(body: string): string {
  const hex = body[0] === 'x' || body[0] === 'X';
  const digits = (hex ? body.slice(1) : body).replace(/;$/, '');
  const num = parseInt(digits, hex ? 16 : 10); // may exceed 2^53 for absurd input: still > 0x10ffff
  if (num === 0) return '\ufffd';
  if (num === 0x0d) return '\r';
  if (num >= 0x80 && num <= 0x9f) return CP1252_C1[num - 0x80];
  if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd';
  if (isInvalidCodepoint(num)) return '';
  return String.fromCodePoint(num);
}

// Same alternatives as CPython's `html._charref`.
const PY_CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g;

/** Python's `html.unescape`. */
export function pyHtmlUnescape(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(PY_CHARREF, (whole: string, ref: string) => {
    if (ref[0] === '#') return decodeNumeric(ref.slice(1));
    // Legacy mode: exact name (with or without ';'), else the longest legacy (no ';') prefix.
    return decodeHTML(whole, DecodingMode.Legacy);
  });
}

// ftfy only decodes references that end in ';' (`chardata.HTML_ENTITY_RE`).
const FTFY_ENTITY = /&#?[0-9A-Za-z]{1,24};/g;

/**
 * ftfy's `unescape_html`: only complete `&name;` / `&#n;` references, plus all-caps spellings of
 * lowercase entity names (`&EACUTE;` -> 'É') when Python would not decode them otherwise.
 */
export function ftfyUnescapeHtml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(FTFY_ENTITY, (ref: string) => {
    if (ref[1] === '#') {
      const out = pyHtmlUnescape(ref);
      return out.includes(';') ? ref : out; // a partial decode is not wanted
    }
    const strict = decodeHTMLStrict(ref);
    if (strict !== ref) return strict;
    const lower = ref.toLowerCase();
    if (lower.toUpperCase() === ref && ref !== lower) {
      const lowerDecoded = decodeHTMLStrict(lower);
      if (lowerDecoded !== lower && pyHtmlUnescape(ref) === ref) return lowerDecoded.toUpperCase();
    }
    return ref;
  });
}
