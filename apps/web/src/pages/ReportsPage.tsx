/** Placeholder until the page is built. */
export function ReportsPage() {
  return <section className="panel"><h1>ReportsPage</h1></section>;
}
