// The lesson's result screen: accuracy in-place and off-place per method, the off-place photos plain
// fine-tuning got wrong and ProReg got right (with w and the prompt's confidence), and a paragraph written
// from these runs' numbers.
import { useMemo } from 'react';
import { headlineEval } from '../../store/runs-slice';
import { BlobImage } from '../common/BlobImage';
import { pct } from '../common/format';
import { useAppShallow } from '../common/studio-context';
import { Term } from '../glossary/Term';
import { LessonCharts } from './LessonCharts';
import { LESSON_METHODS, METHOD_NAMES, readResult, splitAccuracy, turnarounds, type LessonMethod, type MethodResult } from './lesson-plan';

export function LessonResults({ ids }: { ids: Partial<Record<LessonMethod, string>> }) {
  const { runs, samples, classes, thumbs } = useAppShallow((s) => ({ runs: s.runs, samples: s.samples, classes: s.classes, thumbs: s.thumbs }));
  const evals = LESSON_METHODS.map((m) => (ids[m] && runs[ids[m]!] ? headlineEval(runs[ids[m]!]) : null));
  const results = Object.fromEntries(LESSON_METHODS.map((m, i) => [m, ids[m] ? {
    method: m, runId: ids[m]!, inPlace: splitAccuracy(evals[i], 'val'), offPlace: splitAccuracy(evals[i], 'test'),
  } satisfies MethodResult : undefined])) as Record<LessonMethod, MethodResult | undefined>;
  const turned = useMemo(() => turnarounds(evals[0], evals[1], evals[2], samples), [evals[0], evals[1], evals[2], samples]);
  const steps = ids.finetune ? runs[ids.finetune]?.summary?.steps ?? null : null;
  const paragraph = readResult(results, steps, turned.length);

  return (
    <div className="lesson-body lesson-results">
      <table className="compact lesson-table" aria-label="Lesson results">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col" className="num"><Term id="in-place">In-place</Term> photos</th>
            <th scope="col" className="num"><Term id="off-place">Off-place</Term> photos</th>
          </tr>
        </thead>
        <tbody>
          {LESSON_METHODS.map((m) => (
            <tr key={m}>
              <th scope="row">{METHOD_NAMES[m]}</th>
              <td className="num">{pct(results[m]?.inPlace, 0)}</td>
              <td className="num">{pct(results[m]?.offPlace, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="lesson-reading" aria-label="What the numbers say">{paragraph}</p>
      {ids.proreg && (
        <>
          <h3>How ProReg trained</h3>
          <LessonCharts runId={ids.proreg} />
        </>
      )}
      <h3>Off-place photos plain fine-tuning got wrong and ProReg got right</h3>
      {turned.length === 0 ? (
        <p className="muted">None this time.</p>
      ) : (
        <ul className="lesson-thumbs" aria-label="Photos ProReg got right">
          {turned.map((t) => (
            <li key={t.id}>
              <BlobImage blob={thumbs.get(t.path)} alt={`${classes[t.label]} (${t.path})`} fallback={<span className="thumb-missing">{t.path}</span>} />
              <span className="small">
                <strong>{classes[t.label]}</strong>; fine-tuning said {classes[t.ftPredicted]}.
                <br /><Term id="w" /> {t.w.toFixed(2)} · prompt’s confidence {pct(t.pt, 0)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
