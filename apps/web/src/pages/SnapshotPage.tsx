/** Placeholder until the page is built. */
export function snapshotSearch(search: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(search).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
export function SnapshotPage() {
  return <section className="panel"><h1>SnapshotPage</h1></section>;
}
