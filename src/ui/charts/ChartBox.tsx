// A chart's frame: a caption and a measured width handed to the render prop (no ResponsiveContainer, so the
// chart also renders where nothing measures layout, as in tests). The chart renders once the width is known,
// so it is not drawn twice on mount; `height` keeps the space while it waits. The caption offers the chart
// as PNG and SVG. While a run trains, a chart out of view keeps its last drawing (while-visible.tsx); when the
// run ends every chart draws its final state. A chart of known height is a layout boundary (size and layout
// containment): redrawing it lays out the chart alone, not the page.
import { useCallback, useRef, type ReactNode } from 'react';
import { useMeasuredWidth } from '../common/use-width';
import { useInView, WhileVisible } from '../common/while-visible';
import { chartSvg } from './chart-export';
import { ChartSave } from './ChartSave';
import { Term } from '../glossary/Term';
import type { TermId } from '../glossary/glossary';

/** `title` names the figure and its files; `plain`, `symbol` and `term` (when given) are what the caption shows:
 * the plain words, then the symbol in small type, which opens its glossary entry. */
/** `live` (a run trains and redraws the chart): the chart redraws only while it is in view. */
export function ChartBox({ title, plain, symbol, term, note, children, fallbackWidth = 360, height, live = false }: {
  title: string; plain?: string; symbol?: string; term?: TermId; note?: ReactNode; children: (width: number) => ReactNode; fallbackWidth?: number; height?: number; live?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useMeasuredWidth(ref, fallbackWidth);
  const inView = useInView(ref);
  const svg = useCallback(() => (ref.current ? chartSvg(ref.current, title) : null), [title]);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>
        <strong>{plain ?? title}</strong>
        {symbol && (term ? <> <Term id={term}>{symbol}</Term></> : <small className="symbol"> ({symbol})</small>)}
        {note && <span className="muted small"> {note}</span>}
        <ChartSave title={title} svg={svg} />
      </figcaption>
      <div ref={ref} className="chart-body" style={height ? { height, contain: 'size layout' } : undefined}>
        <WhileVisible visible={inView || !live}>{width !== null && children(Math.max(120, width))}</WhileVisible>
      </div>
    </figure>
  );
}
