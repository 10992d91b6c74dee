// Parameter counts, geometry and the memory each training scope needs.
import type { ModelInfo } from '../../protocol/messages';
import { formatBytes, formatCount } from '../common/format';

export function ModelInfoView({ info }: { info: ModelInfo }) {
  const g = info.geometry;
  const scopes = Object.entries(info.memoryByScope);
  return (
    <div className="model-info">
      <h3>{info.name}</h3>
      <dl className="facts">
        <dt>Parameters</dt>
        <dd>{formatCount(info.parameters.total)} total · {formatCount(info.parameters.vision)} vision · {formatCount(info.parameters.text)} text</dd>
        <dt>Vision</dt>
        <dd>{g.imageSize}px, patch {g.patchSize}, {g.visionLayers} blocks × {g.visionWidth}</dd>
        <dt>Text</dt>
        <dd>{g.textLayers} blocks × {g.textWidth}, embedding {g.projectionDim}</dd>
      </dl>
      {scopes.length > 0 && (
        <table className="compact" aria-label="Memory needed per training scope">
          <thead>
            <tr><th scope="col">Training scope</th><th scope="col">Memory needed ({info.memoryMicroBatch} images per pass)</th></tr>
          </thead>
          <tbody>
            {scopes.map(([scope, bytes]) => (
              <tr key={scope}><td>{scope}</td><td>{formatBytes(bytes)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
