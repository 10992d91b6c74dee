// Public datasets the engine can fetch from their own home. Where each comes from is shown before anything
// is requested; the download (with progress) starts only on the button.
import { useApp, useAppShallow, useBridge } from '../common/studio-context';

export function PresetList() {
  const bridge = useBridge();
  const { presets, loading } = useAppShallow((s) => ({ presets: s.presets, loading: s.presetLoading }));
  const importing = useApp((s) => s.importing);
  if (presets.length === 0) return null;
  return (
    <div className="presets" role="group" aria-label="Presets">
      <h3>Presets</h3>
      <ul>
        {presets.map((p) => (
          <li key={p.id}>
            <strong>{p.title}</strong> <span className="muted">{p.description}</span>
            <div className="row wrap">
              <span className="muted preset-source">Source: {p.source}</span>
              <button
                type="button" className="secondary" aria-label={`Load preset ${p.title}`}
                disabled={loading !== null || importing} onClick={() => void bridge.loadPreset(p.id)}
              >
                {loading === p.id ? 'Loading…' : 'Load'}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {loading && <p className="muted" aria-live="polite">Downloading and importing {presets.find((p) => p.id === loading)?.title ?? loading}…</p>}
    </div>
  );
}
