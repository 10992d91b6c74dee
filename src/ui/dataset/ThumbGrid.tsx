// Every image as a thumbnail with its label, virtualised by rows so thousands of images stay fast.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import type { DatasetSample } from '../../protocol/messages';
import { SPLITS } from '../../protocol/train-types';
import { BlobImage } from '../common/BlobImage';
import { formatInt } from '../common/format';
import { useApp, useAppShallow } from '../common/studio-context';
import { useWidth } from '../common/use-width';

const CELL = 132;
export const NO_DATASET: { samples: DatasetSample[]; classes: string[] } = { samples: [], classes: [] };

export const ThumbGrid = memo(function ThumbGrid() {
  // Deferred: a new dataset (an import's summary) renders in the background, in slices, after the store update;
  // on mount (the first import) too, starting from no images.
  const { samples, classes } = useDeferredValue(useAppShallow((s) => ({ samples: s.samples, classes: s.classes })), NO_DATASET);
  const [classFilter, setClassFilter] = useState(-1);
  const [splitFilter, setSplitFilter] = useState('');
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return samples.filter(
      (s) => (classFilter < 0 || s.label === classFilter) && (!splitFilter || s.split === splitFilter) && (!q || s.path.toLowerCase().includes(q) || (s.group ?? '').toLowerCase().includes(q)),
    );
  }, [samples, classFilter, splitFilter, query]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef, 800);
  const cols = Math.max(1, Math.floor(width / CELL));
  const rows = Math.ceil(shown.length / cols);
  const virtual = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CELL + 34,
    overscan: 3,
    initialRect: { width: 800, height: 480 },
  });

  return (
    <div className="thumbs">
      <div className="row wrap filters">
        <label>
          Show class{' '}
          <select value={classFilter} onChange={(e) => setClassFilter(Number(e.currentTarget.value))}>
            <option value={-1}>all classes</option>
            {classes.map((c, i) => <option key={c} value={i}>{c}</option>)}
          </select>
        </label>
        <label>
          Show split{' '}
          <select value={splitFilter} onChange={(e) => setSplitFilter(e.currentTarget.value)}>
            <option value="">all splits</option>
            {SPLITS.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Search images <input type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} placeholder="path or group" />
        </label>
        <span className="muted">{formatInt(shown.length)} of {formatInt(samples.length)} images</span>
      </div>
      <div ref={scrollRef} className="thumb-scroll" role="list" aria-label="Images">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((row) => (
            <div key={row.key} className="thumb-row" style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${cols}, 1fr)` }}>
              {shown.slice(row.index * cols, row.index * cols + cols).map((s) => <Thumb key={s.id} sample={s} classes={classes} />)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
});

function Thumb({ sample, classes }: { sample: DatasetSample; classes: string[] }) {
  const image = useApp((s) => s.thumbs.get(sample.path));
  const setLabel = useApp((s) => s.setSampleLabel);
  const select = useApp((s) => s.selectSample);
  const name = sample.path.slice(sample.path.lastIndexOf('/') + 1);
  return (
    <div className="thumb" role="listitem">
      <button type="button" className="thumb-img" aria-label={`Open ${sample.path}`} onClick={() => select(sample.id)}>
        {/* After a reload the images live only in the engine: a tile with the file name stands in. */}
        <BlobImage blob={image} alt="" loading="lazy" decoding="async" fallback={<span className="thumb-placeholder">{name}</span>} />
        <span className={`split-badge split-${sample.split}`}>{sample.split}</span>
      </button>
      <select aria-label={`Label of ${sample.path}`} value={sample.label} onChange={(e) => setLabel(sample.id, Number(e.currentTarget.value))}>
        {classes.map((c, i) => <option key={c} value={i}>{c}</option>)}
      </select>
      <span className="thumb-name" title={sample.path}>{name}{sample.group ? ` · ${sample.group}` : ''}</span>
    </div>
  );
}
