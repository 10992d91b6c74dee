// One click to every panel: links to the panels' headings, so the rest of the studio is one click away
// whichever panels lead the page.
const SECTIONS = [
  ['Model', 'panel-model'], ['Dataset', 'panel-dataset'], ['Prompts', 'panel-prompts'], ['Training', 'panel-training'],
  ['Live charts', 'panel-live-charts'], ['Inspection', 'panel-inspection'], ['Comparison', 'panel-comparison'],
] as const;

export function SectionNav() {
  return (
    <nav aria-label="Panels" className="section-nav">
      {SECTIONS.map(([name, id]) => <a key={id} href={`#${id}`}>{name}</a>)}
    </nav>
  );
}
