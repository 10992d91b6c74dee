// Prompt templates ("a photo of a {}."), each with its token count range and truncation warning.
import { useMemo } from 'react';
import { useApp, useAppShallow } from '../common/studio-context';
import { CLIP_BEST_7, IMAGENET_TEMPLATES } from './templates';

interface TemplateStat {
  min: number;
  max: number;
  truncated: string[];
}

export function TemplateList() {
  const { templates, check, checked, classCount } = useAppShallow((s) => ({
    templates: s.templates, check: s.promptCheck, checked: s.checkedPrompts, classCount: s.classes.length,
  }));
  const setTemplate = useApp((s) => s.setTemplate);
  const addTemplate = useApp((s) => s.addTemplate);
  const removeTemplate = useApp((s) => s.removeTemplate);
  const setTemplates = useApp((s) => s.setTemplates);

  // Token counts by template text (the check answers the non-empty templates, in order).
  const stats = useMemo(() => {
    const out = new Map<string, TemplateStat>();
    if (!check || !checked) return out;
    checked.templates.forEach((t, j) => {
      const st: TemplateStat = { min: Infinity, max: 0, truncated: [] };
      check.prompts.forEach((row, c) => {
        const p = row[j];
        if (!p) return;
        st.min = Math.min(st.min, p.tokens);
        st.max = Math.max(st.max, p.tokens);
        if (p.truncated) st.truncated.push(checked.classNames[c] ?? String(c));
      });
      out.set(t, st);
    });
    return out;
  }, [check, checked]);

  return (
    <fieldset className="templates">
      <legend>Templates ({templates.length})</legend>
      <div className="row wrap">
        <button type="button" className="secondary" onClick={() => setTemplates([...IMAGENET_TEMPLATES])}>Use CLIP's 80 ImageNet templates</button>
        <button type="button" className="secondary" onClick={() => setTemplates([...CLIP_BEST_7])}>Use CLIP's best 7</button>
        <button type="button" className="secondary" onClick={() => setTemplates(['a photo of a {}.'])}>Reset to one template</button>
      </div>
      <ol className="template-list">
        {templates.map((t, i) => {
          const st = stats.get(t.trim());
          return (
            <li key={i}>
              <div className="row">
                <input aria-label={`Template ${i + 1}`} value={t} spellCheck={false} onChange={(e) => setTemplate(i, e.currentTarget.value)} />
                <button type="button" className="link" aria-label={`Remove template ${i + 1}`} disabled={templates.length <= 1} onClick={() => removeTemplate(i)}>Remove</button>
              </div>
              <TemplateNotes text={t} stat={st} classCount={classCount} />
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => addTemplate()}>Add template</button>
    </fieldset>
  );
}

function TemplateNotes({ text, stat, classCount }: { text: string; stat: TemplateStat | undefined; classCount: number }) {
  const notes: React.ReactNode[] = [];
  if (!text.includes('{}')) notes.push(<span key="ph" className="muted">No {'{}'} placeholder: the class name is added at the end.</span>);
  if (stat && Number.isFinite(stat.min)) {
    notes.push(
      <span key="tok" className="muted">{stat.min === stat.max ? `${stat.max} tokens` : `${stat.min}–${stat.max} tokens`}</span>,
    );
    if (stat.truncated.length) {
      const who = stat.truncated.length === classCount ? 'every class' : stat.truncated.join(', ');
      notes.push(<span key="tr" className="warn" role="status">Truncated to 77 tokens for {who}</span>);
    }
  }
  return notes.length ? <div className="notes">{notes}</div> : null;
}
