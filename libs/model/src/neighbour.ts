export interface FdbEntry {
  mac: string;
  dev: string;
  master?: string;
  vlan?: number;
  dst?: string;
  state?: string;
  flags: string[];
}

export interface Neighbour {
  dst: string;
  dev: string;
  lladdr?: string;
  state: string[];
  router: boolean;
}
