// Reading and preprocessing images for the CLI: a file that cannot be read or decoded is reported, not fatal.
import { decodeImage } from '../data/decode-node';
import { preprocessImage, type PreprocessConfig } from '../data/preprocess';

export interface Pixels {
  /** [n, 3, H, W] for the images that decoded, in order. */
  pixels: Float32Array;
  /** Index into the input of each image in `pixels`. */
  kept: number[];
  failed: { index: number; error: unknown }[];
}

export async function loadPixels(sources: { name: string; read: () => Uint8Array }[], cfg: PreprocessConfig): Promise<Pixels> {
  const per = 3 * cfg.cropHeight * cfg.cropWidth;
  const rows: Float32Array[] = [];
  const kept: number[] = [];
  const failed: Pixels['failed'] = [];
  for (const [index, src] of sources.entries()) {
    try {
      let bytes: Uint8Array;
      try {
        bytes = src.read();
      } catch {
        throw new Error(`cannot read image ${src.name}`);
      }
      rows.push(preprocessImage(await decodeImage(bytes, src.name), cfg));
      kept.push(index);
    } catch (error) {
      failed.push({ index, error });
    }
  }
  const pixels = new Float32Array(rows.length * per);
  rows.forEach((r, i) => pixels.set(r, i * per));
  return { pixels, kept, failed };
}
