import { UsageError } from '../../cli-error';

/** `--nb` / `--sb`: the OVN databases read from this machine, at the addresses the user gives. */
export interface OvnAddresses {
  /** The northbound database: `tcp:<ip>:<port>`, `ssl:<ip>:<port>` or `unix:<file>` (a comma-separated list for a cluster). */
  nb: string;
  /** The southbound database, for `ovn-sbctl show`; without it sbctl-show.txt is not captured. */
  sb?: string;
  /** For ssl: addresses: --ovn-private-key, --ovn-certificate, --ovn-ca-cert. */
  ssl?: { privateKey: string; certificate: string; caCert: string };
}

const OVSDB_ADDRESS = /^(?:(?:tcp|ssl):(?:\[[0-9A-Fa-f:.]+\]|[^\s:,[\]]+):\d{1,5}|unix:[^\s,]+)$/;

/** Checks `--nb`/`--sb` as OVS's tools take them (`tcp:IP:PORT`, `ssl:IP:PORT`, `unix:FILE`, comma-separated). */
export function checkOvsdbAddress(flag: string, address: string): void {
  const parts = address.split(',');
  for (const part of parts)
    if (!OVSDB_ADDRESS.test(part.trim()))
      throw new UsageError(
        `${flag} ${JSON.stringify(address)}: expected tcp:<ip>:<port>, ssl:<ip>:<port> or unix:<file> (a comma-separated list for a clustered database)`,
      );
}

/** The commands run here for `--nb`/`--sb` (the documented list names them too). */
export function localOvnCommands(addresses: OvnAddresses, seconds: number | string): { file: string; argv: string[] }[] {
  const ssl =
    addresses.ssl === undefined ? [] : ['-p', addresses.ssl.privateKey, '-c', addresses.ssl.certificate, '-C', addresses.ssl.caCert];
  return [
    { file: 'nbctl-show.txt', argv: ['ovn-nbctl', `--db=${addresses.nb}`, `--timeout=${seconds}`, ...ssl, 'show'] },
    { file: 'nb.json', argv: ['ovsdb-client', ...ssl, '-f', 'json', 'dump', addresses.nb, 'OVN_Northbound'] },
    ...(addresses.sb === undefined
      ? []
      : [{ file: 'sbctl-show.txt', argv: ['ovn-sbctl', `--db=${addresses.sb}`, `--timeout=${seconds}`, ...ssl, 'show'] }]),
  ];
}
