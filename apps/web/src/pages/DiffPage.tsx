/** Placeholder until the page is built. */
export function diffSearch(search: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(search).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
export function DiffPage() {
  return <section className="panel"><h1>DiffPage</h1></section>;
}
