// Cleaning and HTML unescaping; every expected value was produced by the reference stack
// (ftfy 6.3.1 `fix_text`, CPython `html.unescape`, `regex`) on the same input.
import { describe, expect, it } from 'vitest';
import { cleanText, fixText, pyStrip } from './clean';
import { ftfyUnescapeHtml, pyHtmlUnescape } from './html';

describe('pyHtmlUnescape (Python html.unescape)', () => {
  it.each([
    ['fish &amp; chips', 'fish & chips'],
    ['&amp;amp;amp;', '&amp;amp;'],
    ['&ampxyz &notit; &not it &lt3 &LT; &Amp;', '&xyz \u00acit; \u00ac it <3 < &Amp;'],
    ['&EACUTE;cole &AMP; &eacute', '&EACUTE;cole & \u00e9'],
    ['&#0; &#x80; &#128 &#1114112; &#xD800; &#65 &#x41; &#0000065; &#xfeff;x', '\ufffd \u20ac \u20ac \ufffd \ufffd A A A \ufeffx'],
    ['&#39;s &#x27;t &#1; &#13; &#xFDD0;', "'s 't  \r "],
    ['& &; &#; &#x; no entity', '& &; &#; &#x; no entity'],
  ])('%j', (input, want) => {
    expect(pyHtmlUnescape(input)).toBe(want);
  });
});

describe('ftfyUnescapeHtml', () => {
  it('decodes only complete references, plus all-caps names', () => {
    expect(ftfyUnescapeHtml('&amp; &amp &EACUTE;cole &NTILDE; &nTILDE; &#39; &#39')).toBe("& &amp \u00c9cole \u00d1 &nTILDE; ' &#39");
  });
});

describe('fixText (ftfy.fix_text without mojibake repair)', () => {
  it.each([
    ['\x85 \x80uro \x93quoted\x94', '\u2026 \u20acuro "quoted"'], // C1 controls read as Windows-1252
    ['\ufb01ne \ufb02ow \u0133ssel \u01c5 \u0149', "fine flow ijssel D\u017e 'n"], // ligatures, then uncurled quote
    ['\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25 \uff73\uff80\uff70\uff9d \uffe5', 'LOUD NOISE \u30a6\u30bf\u30fc\u30f3 \u00a5'],
    ['\u2018single\u2019 \u201cdouble\u201d \u02bcapos', '\'single\' "double" \'apos'],
    ['\x1b[36;44mblue\x1b[0m', 'blue'],
    ['a\x00b\x07c\x1cd\x1fe\x7ff\ufeffg\u206ah\ufffci', 'abcdefghi'],
    ['x\u2028y\u2029z\r\nw\rv', 'x\ny\nz\nw\nv'],
    ['e\u0301', '\u00e9'], // NFC
    ['&amp;amp;amp;', '&'], // repeated until stable
    ['&amp;amp; <b>', '&amp;amp; <b>'], // a '<' means HTML: leave entities alone
    ['a &amp;amp;\n<b> &amp;amp;\nc &amp;', 'a &\n<b> &amp;amp;\nc &amp;'], // ...from that line on
  ])('%j', (input, want) => {
    expect(fixText(input)).toBe(want);
  });
});

describe('cleanText', () => {
  it.each([
    ['   lots   of\tspaces\nand newlines   ', 'lots of spaces and newlines'],
    ['&amp;amp;amp; <b>', '&amp; <b>'],
    ['&ampxyz &notit; &not it &lt3 &LT; &Amp;', '&xyz \u00acit; \u00ac it <3 < &amp;'],
    ['&EACUTE;cole &NTILDE; &SZLIG; &AMP; &nTILDE;', '\u00e9cole \u00f1 ss & &ntilde;'],
    ['\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 \u039f\u0394\u039f\u03a3', '\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2 \u03bf\u03b4\u03bf\u03c2'], // final sigma
    ['\u00a0 nbsp \u3000 ideo \u2003 em\u200b zwsp', 'nbsp ideo em\u200b zwsp'], // U+200B is not whitespace
    ['', ''],
  ])('%j', (input, want) => {
    expect(cleanText(input)).toBe(want);
  });

  it('strips with Python whitespace', () => {
    expect(pyStrip('\x1c\u3000 x \ufeff')).toBe('x \ufeff');
  });
});
