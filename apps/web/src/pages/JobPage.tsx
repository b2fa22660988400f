/** Placeholder until the page is built. */
export function JobPage() {
  return <section className="panel"><h1>JobPage</h1></section>;
}
