// Prompts panel: class display names and templates, with token counts, truncation warnings and the
// zero-shot accuracy of the prompts as they are edited (the engine re-checks after a short pause).
import { Panel } from '../common/Panel';
import { useApp } from '../common/studio-context';
import { ClassNames } from './ClassNames';
import { TemplateList } from './TemplateList';
import { ZeroShotSummary } from './ZeroShotSummary';

export function PromptPanel() {
  const classes = useApp((s) => s.classes.length);
  const hasModel = useApp((s) => s.modelInfo !== null);
  return (
    <Panel name="Prompts">
      <p className="muted">
        The zero-shot prediction of these prompts is what ProReg regularises toward. Several templates are averaged
        (a prompt ensemble).
      </p>
      <ZeroShotSummary />
      {!hasModel && <p className="empty">Load a model to count tokens and measure zero-shot accuracy.</p>}
      <TemplateList />
      {classes > 0 ? <ClassNames /> : <p className="empty">Class names appear here once images are imported.</p>}
    </Panel>
  );
}
