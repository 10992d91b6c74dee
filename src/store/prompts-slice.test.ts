import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';
import { currentPromptSet, DEFAULT_TEMPLATE } from './prompts-slice';

describe('prompts slice', () => {
  it('defaults display names to the class names and keeps overrides by class', () => {
    const st = createAppStore();
    st.setState({ classes: ['climbing', 'diving'] });
    st.getState().setDisplayName('diving', 'person diving');
    expect(currentPromptSet(st.getState())).toEqual({ classNames: ['climbing', 'person diving'], templates: [DEFAULT_TEMPLATE] });
    st.getState().setDisplayName('diving', 'diving');
    expect(st.getState().displayNames).toEqual({});
  });

  it('edits templates, never removes the last, and drops empty ones from the prompt set', () => {
    const st = createAppStore();
    const r0 = st.getState().promptRevision;
    st.getState().addTemplate('this is {}.');
    st.getState().setTemplate(0, '  ');
    expect(currentPromptSet(st.getState()).templates).toEqual(['this is {}.']);
    st.getState().removeTemplate(0);
    st.getState().removeTemplate(0);
    expect(st.getState().templates).toEqual(['this is {}.']);
    st.getState().setTemplates([]);
    expect(st.getState().templates).toEqual([DEFAULT_TEMPLATE]);
    expect(st.getState().promptRevision).toBe(r0 + 4);
  });
});
