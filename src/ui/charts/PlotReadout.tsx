// The box that shows the values a plot's reader picked (use-readout.ts), beside the picked x, on the side
// with more room. What it says reaches screen readers as the plot's own value text (aria-valuetext), so the box
// itself is hidden from them.
export interface ReadoutRow { name: string; colour: string; value: string }

/** The readout as one line of text: "training step 24: val 16.7%, test 20.8%". */
export function readoutText(title: string, rows: ReadoutRow[]): string {
  return rows.length ? `${title}: ${rows.map((r) => `${r.name} ${r.value}`).join(', ')}` : title;
}

export function PlotReadout({ at, width, title, rows }: { at: number | null; width: number; title: string; rows: ReadoutRow[] }) {
  if (at === null) return null;
  const place = at < width / 2 ? { left: at + 10 } : { right: width - at + 10 };
  return (
    <div className="plot-readout" aria-hidden="true" style={place}>
      <strong>{title}</strong>
      {rows.map((r, i) => (
        <div key={i}><span className="swatch" style={{ background: r.colour }} />{r.name}: {r.value}</div>
      ))}
    </div>
  );
}
