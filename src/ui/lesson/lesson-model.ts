// Which model the lesson uses: the one loaded, else the project's hub model, else one already in this
// browser's cache, else the smallest real CLIP. One place, so a model picker can take over the choice.
import type { ModelSource } from '../../protocol/messages';
import type { AppState } from '../../store/app-store';
import { MODEL_SUGGESTIONS } from '../../store/model-slice';

/** Null when a model is loaded already (the lesson uses it). */
export function lessonModel(s: Pick<AppState, 'modelInfo' | 'hubModel' | 'localModel' | 'cachedModels'>): ModelSource | null {
  if (s.modelInfo) return null;
  const key = s.localModel;
  if (key && s.cachedModels.some((m) => m.folder !== undefined && m.repo === key)) return { kind: 'stored', key };
  const repo = s.hubModel ?? s.cachedModels.find((m) => m.folder === undefined)?.repo ?? MODEL_SUGGESTIONS[0];
  return { kind: 'hub', repo };
}
