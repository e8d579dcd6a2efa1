export function ImpulsesPanel() {
  return <aside id="impulses" className="impulses-panel" />;
}
