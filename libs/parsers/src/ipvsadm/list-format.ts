import type { IpvsForward, IpvsService, ParseIssue } from '@hookpath/model';
import { issueAt } from '../issue';
import { parseUnsigned, tokenize, type Token } from '../ip-common';
import { parseAddressPort } from './address-port';

/** Lines of `ipvsadm -Ln` that carry no data: the version banner and the two title lines. */
const TITLE = /^(IP Virtual Server version |Prot LocalAddress:Port|\s+-> RemoteAddress:Port)/;

const FORWARD_NAMES: Record<string, IpvsForward> = { Masq: 'masq', Route: 'route', Tunnel: 'tunnel', Local: 'local' };

const PROTOCOLS: Record<string, IpvsService['protocol']> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

type Report = (column: number, message: string) => void;

/**
 * `ipvsadm -Ln` (ipvsadm 1.31 print_service_entry): a service line (`TCP  10.12.115.101:80 rr`,
 * `FWM  100 [IPv6] wlc`, then ` (sched-flags)`, ` persistent N [mask M] [pe NAME]`, ` ops`) followed
 * by its real servers (`  -> 10.253.1.139:8000  Masq  1  0  0`). Also takes excerpts such as
 * `ipvsadm -Ln | grep -A 3 <vip>`: no title lines, `--` between the matches.
 */
export function parseIpvsadmList(lines: readonly string[], file: string, errors: ParseIssue[]): IpvsService[] {
  const services: IpvsService[] = [];
  let current: IpvsService | undefined;
  // After a service line that could not be read, its real servers are dropped without more errors.
  let skipping = false;
  lines.forEach((line, index) => {
    const report: Report = (column, message) => errors.push(issueAt(file, lines, index, column, message));
    if (line.trim() === '' || line === '--' || TITLE.test(line)) return;
    const tokens = tokenize(line);
    if (tokens[0].text === '->') {
      if (current !== undefined) parseRealServer(tokens, report, current);
      else if (!skipping) report(tokens[0].column, 'real server before any virtual service');
      return;
    }
    current = parseService(tokens, index + 1, report);
    skipping = current === undefined;
    if (current !== undefined) services.push(current);
  });
  return services;
}

function parseService(tokens: readonly Token[], line: number, report: Report): IpvsService | undefined {
  const [head] = tokens;
  let rest: readonly Token[];
  let service: IpvsService;
  if (head.text === 'FWM') {
    const mark = tokens[1] === undefined ? undefined : parseUnsigned(tokens[1].text);
    if (mark === undefined) {
      report(tokens[1]?.column ?? head.column + 3, 'expected a firewall mark after FWM');
      return undefined;
    }
    const afterMark = tokens[2]?.text === 'IPv6' ? 3 : 2;
    service = { protocol: 'fwmark', fwmark: mark, scheduler: '', flags: [], realServers: [], line };
    rest = tokens.slice(afterMark);
  } else if (Object.prototype.hasOwnProperty.call(PROTOCOLS, head.text)) {
    const target = tokens[1] === undefined ? undefined : parseAddressPort(tokens[1].text);
    if (target === undefined || !target.ok) {
      report(tokens[1]?.column ?? head.column + head.text.length, target?.ok === false ? target.message : 'missing virtual address:port');
      return undefined;
    }
    service = {
      protocol: PROTOCOLS[head.text],
      address: target.address,
      port: target.port,
      scheduler: '',
      flags: [],
      realServers: [],
      line,
    };
    rest = tokens.slice(2);
  } else {
    report(head.column, `expected a virtual service (TCP, UDP, SCTP, FWM) or a real server (->), got ${JSON.stringify(head.text)}`);
    return undefined;
  }
  const [scheduler, ...options] = rest;
  if (scheduler === undefined) {
    report(tokens[tokens.length - 1].column + tokens[tokens.length - 1].text.length, 'missing scheduler');
    return undefined;
  }
  service.scheduler = scheduler.text;
  for (let i = 0; i < options.length; i += 1) {
    const option = options[i];
    const flags = /^\((.+)\)$/.exec(option.text);
    if (flags) {
      service.flags = flags[1].split(',');
      continue;
    }
    if (option.text === 'ops') continue;
    const value = options[i + 1];
    if (option.text !== 'persistent' && option.text !== 'mask' && option.text !== 'pe') {
      report(option.column, `unknown service option ${JSON.stringify(option.text)}`);
      continue;
    }
    if (value === undefined) {
      report(option.column + option.text.length, `missing value for ${option.text}`);
      break;
    }
    i += 1;
    if (option.text === 'persistent') {
      const timeout = parseUnsigned(value.text);
      if (timeout === undefined) report(value.column, `invalid persistence timeout ${JSON.stringify(value.text)}`);
      else service.persistent = { timeout };
    } else if (option.text === 'mask') {
      if (service.persistent === undefined) report(option.column, 'mask without persistent');
      else service.persistent.netmask = value.text;
    }
  }
  return service;
}

/**
 * `  -> ADDRESS:PORT Forward Weight ActiveConn InActConn`; with `--tun-info` a TunnelInfo column
 * follows Forward.
 */
function parseRealServer(tokens: readonly Token[], report: Report, service: IpvsService): void {
  const columns = tokens.slice(1);
  if (columns.length !== 5 && columns.length !== 6) {
    report(tokens[0].column, 'expected "-> address:port forward weight activeconn inactconn"');
    return;
  }
  const [target, forwardToken] = columns;
  const [weightToken, activeToken, inactiveToken] = columns.slice(columns.length - 3);
  const address = parseAddressPort(target.text);
  if (!address.ok) {
    report(target.column, address.message);
    return;
  }
  const forward = Object.prototype.hasOwnProperty.call(FORWARD_NAMES, forwardToken.text) ? FORWARD_NAMES[forwardToken.text] : undefined;
  if (forward === undefined) {
    report(forwardToken.column, `unknown forwarding method ${JSON.stringify(forwardToken.text)} (Masq, Route, Tunnel, Local)`);
    return;
  }
  const numbers = [weightToken, activeToken, inactiveToken].map((t) => ({ token: t, value: parseUnsigned(t.text) }));
  const badNumber = numbers.find((n) => n.value === undefined);
  if (badNumber !== undefined) {
    report(badNumber.token.column, `expected a number, got ${JSON.stringify(badNumber.token.text)}`);
    return;
  }
  const [weight, activeConns, inactiveConns] = numbers.map((n) => n.value ?? 0);
  service.realServers.push({ address: address.address, port: address.port, forward, weight, activeConns, inactiveConns });
}
