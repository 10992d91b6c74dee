// Models this browser keeps (they load without the network or the folder): hub downloads in Cache Storage
// and dropped model folders, each with its size and a delete that asks first.
import { useState } from 'react';
import type { CachedModel } from '../../protocol/messages';
import { formatBytes } from '../common/format';
import { useApp, useBridge } from '../common/studio-context';

const nameOf = (m: CachedModel) => (m.folder !== undefined ? `folder “${m.folder}”` : m.repo);

/** A kept model's row; Delete asks first, in a row of its own below (what it frees, what it costs). */
function KeptRow({ model }: { model: CachedModel }) {
  const bridge = useBridge();
  const [asking, setAsking] = useState(false);
  const name = nameOf(model);
  return (
    <>
      <tr>
        <td>{model.folder !== undefined ? <>{model.folder} <span className="muted small">(dropped folder)</span></> : model.repo}</td>
        <td className="num">{formatBytes(model.bytes)}</td>
        <td>
          <button type="button" className="link danger-text" aria-label={`Delete cached model ${name}`} disabled={asking} onClick={() => setAsking(true)}>
            Delete
          </button>
        </td>
      </tr>
      {asking && (
        <tr>
          <td colSpan={3}>
            <span className="row wrap" role="alertdialog" aria-label={`Delete ${name}?`}>
              <span className="warn small">Free {formatBytes(model.bytes)}?{model.folder !== undefined ? ' Projects using it need the folder picked again.' : ' It downloads again when next used.'}</span>
              <button type="button" className="danger" onClick={() => { setAsking(false); void bridge.deleteCachedModel(model.repo, model.folder !== undefined); }}>
                Delete {name}
              </button>
              <button type="button" className="secondary" onClick={() => setAsking(false)}>Keep it</button>
            </span>
          </td>
        </tr>
      )}
    </>
  );
}

export function CachedModels() {
  const cached = useApp((s) => s.cachedModels);
  const total = cached.reduce((a, m) => a + m.bytes, 0);
  return (
    <table className="compact" aria-label="Cached models">
      <thead>
        <tr>
          <th scope="col">Kept in this browser</th>
          <th scope="col" className="num">Size</th>
          <th scope="col"><span className="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {cached.length === 0 ? (
          <tr><td colSpan={3} className="muted">Nothing kept yet: a model loaded from the hub or dropped as a folder stays here, so a reload needs neither the network nor the folder.</td></tr>
        ) : cached.map((m) => <KeptRow key={`${m.folder !== undefined ? 'folder' : 'hub'}:${m.repo}`} model={m} />)}
      </tbody>
      {cached.length > 1 && (
        <tfoot>
          <tr><td>Total</td><td className="num">{formatBytes(total)}</td><td /></tr>
        </tfoot>
      )}
    </table>
  );
}
