// Categorical colours (Tableau 10), readable on light and dark backgrounds.
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function colourOf(i: number): string {
  return i < 0 ? '#888888' : PALETTE[i % PALETTE.length];
}

/** Stable colours for loss parts by name, so 'w' keeps its colour across charts. */
const PART_COLOURS: Record<string, string> = { loss: '#888888', ce: '#4e79a7', kl: '#e15759', kd: '#f28e2b', w: '#59a14f', ps: '#b07aa1', pt: '#76b7b2' };

export function partColour(name: string, i: number): string {
  return PART_COLOURS[name] ?? colourOf(i + 3);
}
