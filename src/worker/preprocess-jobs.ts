// Messages between the engine and its preprocessing workers.
import type { PreprocessConfig } from '../data/preprocess';

export interface PreprocessJob {
  id: number;
  bytes: Uint8Array;
  name: string;
  cfg: PreprocessConfig;
}

export type PreprocessResult = { id: number; ok: true; u8: Uint8Array } | { id: number; ok: false; error: string };
