// Decoding tests on images generated here, so they run without ../shared.
import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { decodeImageBytes } from './decode-node';
import { ImageDecodeError, sniffImageFormat } from './raw-image';
import { encodePng } from '../testing/corpus/corpus-images';


describe('decodeImageBytes: PNG modes', () => {
  it('8-bit grey stays one channel', () => {
    const img = decodeImageBytes(encodePng({ width: 3, height: 1, colorType: 0, depth: 8, samples: [0, 128, 255] }));
    expect(img).toMatchObject({ width: 3, height: 1, channels: 1 });
    expect(Array.from(img.data)).toEqual([0, 128, 255]);
    expect(img.pilMode).toBeUndefined();
  });

  it('1, 2 and 4-bit grey scale like Pillow (x255, x85, x17); 1-bit is mode "1"', () => {
    const one = decodeImageBytes(encodePng({ width: 3, height: 2, colorType: 0, depth: 1, samples: [1, 0, 1, 0, 1, 0] }));
    expect(Array.from(one.data)).toEqual([255, 0, 255, 0, 255, 0]);
    expect(one.pilMode).toBe('1');
    const two = decodeImageBytes(encodePng({ width: 4, height: 1, colorType: 0, depth: 2, samples: [0, 1, 2, 3] }));
    expect(Array.from(two.data)).toEqual([0, 85, 170, 255]);
    const four = decodeImageBytes(encodePng({ width: 3, height: 1, colorType: 0, depth: 4, samples: [0, 7, 15] }));
    expect(Array.from(four.data)).toEqual([0, 119, 255]);
  });

  it('16-bit grey clips at 255 (Pillow I;16 -> L), 16-bit colour keeps the high byte', () => {
    const g = decodeImageBytes(encodePng({ width: 3, height: 1, colorType: 0, depth: 16, samples: [0x0080, 0x00ff, 0x1234] }));
    expect(Array.from(g.data)).toEqual([128, 255, 255]);
    const rgb = decodeImageBytes(encodePng({ width: 1, height: 1, colorType: 2, depth: 16, samples: [0x12ff, 0xab01, 0x00ff] }));
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data)).toEqual([0x12, 0xab, 0x00]);
    const rgba = decodeImageBytes(encodePng({ width: 1, height: 1, colorType: 6, depth: 16, samples: [0x1000, 0x2000, 0x3000, 0x80ff] }));
    expect(Array.from(rgba.data)).toEqual([0x10, 0x20, 0x30, 0x80]);
    const la = decodeImageBytes(encodePng({ width: 1, height: 1, colorType: 4, depth: 16, samples: [0x4321, 0x7fff] }));
    expect(Array.from(la.data)).toEqual([0x43, 0x43, 0x43, 0x7f]);
  });

  it('RGB, RGBA and grey+alpha at 8 bits', () => {
    const rgb = decodeImageBytes(encodePng({ width: 2, height: 1, colorType: 2, depth: 8, samples: [1, 2, 3, 4, 5, 6] }));
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const rgba = decodeImageBytes(encodePng({ width: 1, height: 2, colorType: 6, depth: 8, samples: [9, 8, 7, 0, 1, 2, 3, 255] }));
    expect(rgba.channels).toBe(4);
    expect(Array.from(rgba.data)).toEqual([9, 8, 7, 0, 1, 2, 3, 255]);
    const la = decodeImageBytes(encodePng({ width: 2, height: 1, colorType: 4, depth: 8, samples: [10, 20, 30, 40] }));
    expect(Array.from(la.data)).toEqual([10, 10, 10, 20, 30, 30, 30, 40]);
  });

  it('grey and RGB tRNS are ignored, as Pillow convert("RGB") does', () => {
    const g = decodeImageBytes(encodePng({ width: 2, height: 1, colorType: 0, depth: 8, samples: [5, 6], trns: [0, 5] }));
    expect(g.channels).toBe(1);
    expect(Array.from(g.data)).toEqual([5, 6]);
    const c = decodeImageBytes(encodePng({ width: 1, height: 1, colorType: 2, depth: 8, samples: [1, 2, 3], trns: [0, 1, 0, 2, 0, 3] }));
    expect(c.channels).toBe(3);
  });

  it('palette -> RGB, palette with tRNS -> RGBA, both flagged as mode P', () => {
    const plte = [255, 0, 0, 0, 255, 0, 0, 0, 255];
    const p = decodeImageBytes(encodePng({ width: 3, height: 1, colorType: 3, depth: 8, samples: [2, 1, 0], plte }));
    expect(p).toMatchObject({ channels: 3, pilMode: 'P' });
    expect(Array.from(p.data)).toEqual([0, 0, 255, 0, 255, 0, 255, 0, 0]);
    const t = decodeImageBytes(encodePng({ width: 3, height: 1, colorType: 3, depth: 4, samples: [0, 1, 2], plte, trns: [0, 128] }));
    expect(t).toMatchObject({ channels: 4, pilMode: 'P' });
    expect(Array.from(t.data)).toEqual([255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255]);
  });

  it('detects PNG by magic bytes even when named .jpg', () => {
    const img = decodeImageBytes(encodePng({ width: 1, height: 1, colorType: 2, depth: 8, samples: [1, 2, 3] }), 'photo.jpg');
    expect(Array.from(img.data)).toEqual([1, 2, 3]);
  });
});

describe('decodeImageBytes: JPEG', () => {
  it('decodes a colour JPEG close to the source', () => {
    const w = 40;
    const h = 24;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([(i % w) * 6, Math.floor(i / w) * 10, 120, 255], i * 4);
    const enc = jpeg.encode({ width: w, height: h, data: rgba }, 95).data;
    const img = decodeImageBytes(new Uint8Array(enc), 'x.png');
    expect(img).toMatchObject({ width: w, height: h, channels: 3 });
    let max = 0;
    for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) max = Math.max(max, Math.abs(img.data[i * 3 + c] - rgba[i * 4 + c]));
    expect(max).toBeLessThan(16);
  });
});

describe('decodeImageBytes: errors', () => {
  const codeOf = (b: Uint8Array): string => {
    try {
      decodeImageBytes(b, 'f.jpg');
    } catch (e) {
      expect(e).toBeInstanceOf(ImageDecodeError);
      expect((e as Error).message).toContain('f.jpg');
      return `${(e as ImageDecodeError).code}:${(e as ImageDecodeError).format}`;
    }
    return 'no error';
  };
  const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
  const png = encodePng({ width: 8, height: 8, colorType: 2, depth: 8, samples: new Array(192).fill(7) });

  it('empty, unknown and unsupported formats', () => {
    expect(codeOf(new Uint8Array(0))).toBe('empty:null');
    expect(codeOf(ascii('hello, this is not an image at all'))).toBe('unknown-format:null');
    const rnd = new Uint8Array(256).map((_, i) => (i * 2654435761) >>> 24);
    expect(codeOf(rnd)).toBe('unknown-format:null');
    // GIF is decoded now: a header cut short is damage. TIFF and HEIC are refused by name, as in the studio.
    expect(codeOf(ascii('GIF89a\x01\x00\x01\x00\x00\x00\x00'))).toBe('corrupt:gif');
    expect(codeOf(ascii('II*\x00\x08\x00\x00\x00\x00\x00'))).toBe('unsupported-format:tiff');
    expect(codeOf(ascii('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic'))).toBe('unsupported-format:heic');
  });

  it('truncated or corrupted PNG and JPEG', () => {
    expect(codeOf(png.subarray(0, 40))).toBe('corrupt:png');
    expect(codeOf(png.subarray(0, 12))).toBe('corrupt:png');
    const bad = png.slice();
    bad[bad.length - 20] ^= 0xff; // inside IDAT: CRC mismatch
    expect(codeOf(bad)).toBe('corrupt:png');
    const jpg = new Uint8Array(jpeg.encode({ width: 16, height: 16, data: new Uint8Array(1024).fill(90) }, 90).data);
    expect(codeOf(jpg.subarray(0, jpg.length >> 1))).toBe('corrupt:jpeg');
    expect(codeOf(new Uint8Array([0xff, 0xd8, 0xff]))).toBe('corrupt:jpeg');
  });

  it('sniffs formats by signature', () => {
    expect(sniffImageFormat(png)).toBe('png');
    expect(sniffImageFormat(ascii('BM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'))).toBe('bmp');
    expect(sniffImageFormat(ascii('\x00\x00\x00\x1cftypavif'))).toBe('avif');
    expect(sniffImageFormat(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
