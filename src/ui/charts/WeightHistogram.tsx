// Distribution of the ProReg weight w over this epoch's samples. Redraws when its bins change, in its turn
// (render-queue.ts).
import { useMemo } from 'react';
import { useTurn } from '../common/render-queue';
import { BarPlot } from './BarPlot';
import { ChartBox } from './ChartBox';
import { histogram } from './chart-data';
import { CHART_WORDS, titleOf } from './chart-words';

const HEIGHT = 200;
const FILL = '#59a14f';

export function WeightHistogram({ w, count, live }: { w: Float32Array; count: number; live: boolean }) {
  const bins = useMemo(() => histogram(w, count), [w, count]);
  const shown = useTurn(bins);
  return (
    <ChartBox title={titleOf(CHART_WORDS.wHistogram)} plain={CHART_WORDS.wHistogram.plain} symbol="w" term="w" note={`${count} samples this epoch`} height={HEIGHT} live={live}>
      {(width) => shown && <BarPlot width={width} height={HEIGHT} bins={shown} fill={FILL} xTitle={CHART_WORDS.wHistogram.x} yTitle={CHART_WORDS.wHistogram.y} symbol="w" />}
    </ChartBox>
  );
}
