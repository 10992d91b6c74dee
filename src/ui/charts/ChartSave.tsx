// Two small buttons that save a chart as PNG or SVG. The chart is read only when a button is pressed.
import { memo } from 'react';
import { safeName } from '../../store/exports';
import { downloads } from '../common/download';
import { svgToPng, type SvgImage } from './chart-export';

export const ChartSave = memo(function ChartSave({ title, svg, png }: {
  title: string;
  svg: () => SvgImage | null;
  /** Defaults to the SVG drawn on a canvas. */
  png?: () => Promise<Blob | null>;
}) {
  const name = safeName(title);
  const savePng = async () => {
    try {
      const blob = png ? await png() : await (async () => {
        const image = svg();
        return image ? svgToPng(image) : null;
      })();
      if (blob) downloads.save(blob, `${name}.png`);
    } catch (e) {
      console.warn(`could not save ${title} as PNG`, e);
    }
  };
  const saveSvg = () => {
    const image = svg();
    if (image) downloads.save(new Blob([image.text], { type: 'image/svg+xml' }), `${name}.svg`);
  };
  return (
    <span className="chart-save">
      <button type="button" className="link" aria-label={`Save ${title} as PNG`} onClick={() => void savePng()}>Save PNG</button>
      <button type="button" className="link" aria-label={`Save ${title} as SVG`} onClick={saveSvg}>Save SVG</button>
    </span>
  );
});
