// Models this browser keeps in Cache Storage (they load without the network), with their size.
import { formatBytes } from '../common/format';
import { useApp, useBridge } from '../common/studio-context';

export function CachedModels() {
  const bridge = useBridge();
  const cached = useApp((s) => s.cachedModels);
  return (
    <table className="compact" aria-label="Cached models">
      <thead>
        <tr>
          <th scope="col">Cached model</th>
          <th scope="col" className="num">Size</th>
          <th scope="col"><span className="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {cached.length === 0 ? (
          <tr><td colSpan={3} className="muted">Nothing cached yet: a model loaded from the hub stays here for offline use.</td></tr>
        ) : cached.map((m) => (
          <tr key={m.repo}>
            <td>{m.repo}</td>
            <td className="num">{formatBytes(m.bytes)}</td>
            <td>
              <button type="button" className="link danger-text" aria-label={`Delete cached model ${m.repo}`} onClick={() => void bridge.deleteCachedModel(m.repo)}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
