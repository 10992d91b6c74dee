// The box that shows the values a plot's reader picked (use-readout.ts), beside the picked x, on the side
// with more room. Always in the page and announced politely, so a screen reader hears each pick.
export interface ReadoutRow { name: string; colour: string; value: string }

export function PlotReadout({ at, width, title, rows }: { at: number | null; width: number; title: string; rows: ReadoutRow[] }) {
  const place = at === null ? undefined : at < width / 2 ? { left: at + 10 } : { right: width - at + 10 };
  return (
    <div className="plot-readout" aria-live="polite" style={place}>
      {at !== null && (
        <>
          <strong>{title}</strong>
          {rows.map((r) => (
            <div key={r.name}><span className="swatch" style={{ background: r.colour }} />{r.name}: {r.value}</div>
          ))}
        </>
      )}
    </div>
  );
}
