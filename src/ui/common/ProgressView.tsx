// A progress bar with its phase, done/total, speed and time left.
import type { Progress } from '../../protocol/messages';
import { formatEta, formatInt } from './format';

export function ProgressView({ progress, label }: { progress: Progress; label: string }) {
  const { phase, done, total, imagesPerSec, etaSec, detail } = progress;
  const known = total > 0;
  return (
    <div className="progress">
      <progress aria-label={label} max={known ? total : undefined} value={known ? done : undefined} />
      <div className="progress-text muted">
        <strong>{phase}</strong>
        {known && <span> {formatInt(done)} / {formatInt(total)}</span>}
        {imagesPerSec !== undefined && <span> · {imagesPerSec.toFixed(1)} img/s</span>}
        {etaSec !== undefined && <span> · {formatEta(etaSec)} left</span>}
        {detail && <span> · {detail}</span>}
      </div>
    </div>
  );
}
