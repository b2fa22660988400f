/** Placeholder until the page is built. */
export function traceSearch(search: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(search).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
export function TracePage() {
  return <section className="panel"><h1>TracePage</h1></section>;
}
