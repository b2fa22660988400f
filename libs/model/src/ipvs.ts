export type IpvsForward = 'masq' | 'route' | 'tunnel' | 'local';

export interface IpvsRealServer {
  address: string;
  port: number;
  forward: IpvsForward;
  weight: number;
  activeConns?: number;
  inactiveConns?: number;
}

export interface IpvsService {
  protocol: 'tcp' | 'udp' | 'sctp' | 'fwmark';
  /** Virtual address and port; absent for fwmark services. */
  address?: string;
  port?: number;
  fwmark?: number;
  scheduler: string;
  /** Scheduler flags (`-b flag-1`) as printed. */
  flags: string[];
  persistent?: { timeout: number; netmask?: string };
  realServers: IpvsRealServer[];
  line: number;
}
