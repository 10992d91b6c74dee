// Reading and preprocessing image files from disk for the CLI.
import { readFileSync } from 'node:fs';
import { decodeImageBytes } from '../data/decode-node';
import { preprocessImage, type PreprocessConfig } from '../data/preprocess';

export function loadPixels(files: string[], cfg: PreprocessConfig): Float32Array {
  const per = 3 * cfg.cropHeight * cfg.cropWidth;
  const out = new Float32Array(files.length * per);
  files.forEach((f, i) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(f));
    } catch {
      throw new Error(`cannot read image ${f}`);
    }
    out.set(preprocessImage(decodeImageBytes(bytes, f), cfg), i * per);
  });
  return out;
}
