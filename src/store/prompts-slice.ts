// Class display names and prompt templates, and the engine's check of them (token counts, zero-shot accuracy).
import type { StateCreator } from 'zustand';
import type { PromptCheck, PromptSet } from '../protocol/messages';
import type { AppState } from './app-store';

export interface PromptsSlice {
  /** Display names that differ from the class (folder) name, keyed by class name. */
  displayNames: Record<string, string>;
  templates: string[];
  promptCheck: PromptCheck | null;
  /** The prompt set the current check answers (to show it is stale while editing). */
  checkedPrompts: PromptSet | null;
  promptChecking: boolean;
  promptRevision: number;

  setDisplayName(className: string, display: string): void;
  setTemplate(index: number, text: string): void;
  addTemplate(text?: string): void;
  removeTemplate(index: number): void;
  setTemplates(templates: string[]): void;
  setPromptChecking(on: boolean): void;
  setPromptCheck(prompts: PromptSet, check: PromptCheck): void;
}

export const DEFAULT_TEMPLATE = 'a photo of a {}.';

export const createPromptsSlice: StateCreator<AppState, [], [], PromptsSlice> = (set) => {
  const bump = (s: AppState) => s.promptRevision + 1;
  return {
    displayNames: {},
    templates: [DEFAULT_TEMPLATE],
    promptCheck: null,
    checkedPrompts: null,
    promptChecking: false,
    promptRevision: 0,

    setDisplayName: (className, display) =>
      set((s) => {
        const displayNames = { ...s.displayNames };
        if (display === className) delete displayNames[className];
        else displayNames[className] = display;
        return { displayNames, promptRevision: bump(s) };
      }),
    setTemplate: (index, text) =>
      set((s) => ({ templates: s.templates.map((t, i) => (i === index ? text : t)), promptRevision: bump(s) })),
    addTemplate: (text = DEFAULT_TEMPLATE) => set((s) => ({ templates: [...s.templates, text], promptRevision: bump(s) })),
    removeTemplate: (index) =>
      set((s) => (s.templates.length <= 1 ? {} : { templates: s.templates.filter((_, i) => i !== index), promptRevision: bump(s) })),
    setTemplates: (templates) => set((s) => ({ templates: templates.length ? templates : [DEFAULT_TEMPLATE], promptRevision: bump(s) })),
    setPromptChecking: (promptChecking) => set({ promptChecking }),
    setPromptCheck: (checkedPrompts, promptCheck) => set({ checkedPrompts, promptCheck, promptChecking: false }),
  };
};

/** The prompt set to send: display names in class order (default = class name), non-empty templates. */
export function currentPromptSet(s: Pick<AppState, 'classes' | 'displayNames' | 'templates'>): PromptSet {
  return {
    classNames: s.classes.map((c) => s.displayNames[c] ?? c),
    templates: s.templates.map((t) => t.trim()).filter((t) => t.length > 0),
  };
}
