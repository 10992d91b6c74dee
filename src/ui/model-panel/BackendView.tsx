// Which compute backend runs the engine, why, and an override.
import type { BackendChoice } from '../../protocol/messages';
import { SelectField } from '../common/Field';
import { useApp, useBridge } from '../common/studio-context';

const CHOICES: readonly { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'auto (measure and pick)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WASM' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'cpu', label: 'CPU (slow, exact)' },
];

export function BackendView() {
  const bridge = useBridge();
  const choice = useApp((s) => s.backendChoice);
  const report = useApp((s) => s.backend);
  const measured = report ? Object.entries(report.measured) : [];
  return (
    <div className="backend">
      <SelectField label="Backend" value={choice} options={CHOICES} onChange={(v) => void bridge.init(v)} />
      {report && (
        <p className="muted" aria-label="Backend report">
          Running on <strong>{report.name}</strong>: {report.reason}
          {measured.length > 0 && <> ({measured.map(([b, g]) => `${b} ${g!.toFixed(1)} GFLOP/s`).join(', ')})</>}
          {report.adapter && <> · {report.adapter.vendor} {report.adapter.architecture}{report.adapter.isFallbackAdapter ? ' (fallback adapter)' : ''}</>}
        </p>
      )}
    </div>
  );
}
