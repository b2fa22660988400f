/** Placeholder until the page is built. */
export function batchSearch(search: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(search).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
export function BatchPage() {
  return <section className="panel"><h1>BatchPage</h1></section>;
}
