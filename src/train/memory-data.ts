// A TrainData over images already preprocessed in memory (tests, the CLI's small runs, benchmarks).
import type { SampleMeta, TrainData } from './train-data';

export function memoryData(classNames: string[], samples: SampleMeta[], pixelsById: Map<number, Float32Array>): TrainData {
  return {
    classNames,
    samples,
    async pixels(ids) {
      const first = pixelsById.get(ids[0]);
      if (!first) throw new Error(`no pixels for sample ${ids[0]}`);
      const out = new Float32Array(ids.length * first.length);
      ids.forEach((id, j) => {
        const px = pixelsById.get(id);
        if (!px) throw new Error(`no pixels for sample ${id}`);
        out.set(px, j * first.length);
      });
      return out;
    },
  };
}
