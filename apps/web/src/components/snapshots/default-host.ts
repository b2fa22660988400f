interface HostLike {
  name: string;
  role?: string | null;
}

const PREFERRED = ['node', 'gateway', 'pod'];

/** The host a view opens on when the URL names none: the first node (where most rules live), else the first host. */
export function defaultHost(hosts: readonly HostLike[] | null): string | undefined {
  if (hosts === null) return undefined;
  for (const role of PREFERRED) {
    const found = hosts.find((h) => h.role === role);
    if (found !== undefined) return found.name;
  }
  return hosts[0]?.name;
}
