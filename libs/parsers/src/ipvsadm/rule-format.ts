import type { IpvsForward, IpvsRealServer, IpvsService, ParseIssue } from '@hookpath/model';
import { issueAt } from '../issue';
import { parseUnsigned, tokenize, type Token } from '../ip-common';
import { parseAddressPort } from './address-port';

type Report = (column: number, message: string) => void;

const SERVICE_OPTIONS: Record<string, IpvsService['protocol']> = {
  '-t': 'tcp',
  '--tcp-service': 'tcp',
  '-u': 'udp',
  '--udp-service': 'udp',
  '--sctp-service': 'sctp',
  '-f': 'fwmark',
  '--fwmark-service': 'fwmark',
};

/** ipvsadm prints `-g` for both direct routing and local delivery (fwd_switch). */
const FORWARD_OPTIONS: Record<string, IpvsForward> = {
  '-m': 'masq',
  '--masquerading': 'masq',
  '-g': 'route',
  '--gatewaying': 'route',
  '-i': 'tunnel',
  '--ipip': 'tunnel',
};

/** Options taking a value that the model does not keep (thresholds, tunnel encapsulation, pe). */
const IGNORED_WITH_VALUE = new Set(['-x', '--u-threshold', '-y', '--l-threshold', '--tun-type', '--tun-port', '--pe']);
const IGNORED_FLAGS = new Set(['-o', '--ops', '--tun-nocsum', '--tun-csum', '--tun-remcsum']);

interface RuleLine {
  key: string;
  service: IpvsService;
  /** The real server of an `-a` line: `-r` address, forwarding method, weight. */
  target?: Token;
  forward?: IpvsForward;
  weight?: number;
}

/**
 * `ipvsadm -Sn` (ipvsadm 1.31, FMT_RULE): `-A <service> -s SCHED [-p N [-M MASK]] [--pe X] [-o]
 * [-b FLAGS]` per virtual service, `-a <service> -r ADDRESS:PORT -m|-g|-i -w N [--tun-type ...]` per
 * real server; `<service>` is `-t|-u|--sctp-service ADDRESS:PORT` or `-f MARK [-6]`.
 */
export function parseIpvsadmRules(lines: readonly string[], file: string, errors: ParseIssue[]): IpvsService[] {
  const services = new Map<string, IpvsService>();
  // Services whose -A line could not be read: their -a lines are dropped without more errors.
  const broken = new Set<string>();
  lines.forEach((line, index) => {
    const report: Report = (column, message) => errors.push(issueAt(file, lines, index, column, message));
    if (line.trim() === '') return;
    const tokens = tokenize(line);
    const command = tokens[0];
    if (command.text !== '-A' && command.text !== '-a') {
      report(command.column, `expected -A (virtual service) or -a (real server), got ${JSON.stringify(command.text)}`);
      return;
    }
    const outcome = parseRuleOptions(tokens.slice(1), command, index + 1, report);
    if (!outcome.ok) {
      if (command.text === '-A' && outcome.key !== undefined) broken.add(outcome.key);
      return;
    }
    const parsed = outcome.rule;
    if (command.text === '-A') {
      if (services.has(parsed.key)) report(command.column, 'virtual service added twice');
      services.set(parsed.key, parsed.service);
      return;
    }
    const service = services.get(parsed.key);
    if (service === undefined) {
      if (!broken.has(parsed.key)) report(command.column, 'real server of a virtual service not added before (-A)');
      return;
    }
    if (parsed.target === undefined) {
      report(command.column, 'missing -r address:port');
      return;
    }
    const address = parseAddressPort(parsed.target.text);
    if (!address.ok) {
      report(parsed.target.column, address.message);
      return;
    }
    // Without -m/-g/-i ipvsadm uses direct routing, and the weight defaults to 1.
    const realServer: IpvsRealServer = {
      address: address.address,
      port: address.port,
      forward: parsed.forward ?? 'route',
      weight: parsed.weight ?? 1,
    };
    service.realServers.push(realServer);
  });
  return [...services.values()];
}

type RuleOutcome = { ok: true; rule: RuleLine } | { ok: false; key?: string };

function parseRuleOptions(tokens: readonly Token[], command: Token, line: number, report: Report): RuleOutcome {
  // wlc is ipvsadm's default scheduler (DEF_SCHED); -Sn always prints -s.
  const service: IpvsService = { protocol: 'tcp', scheduler: 'wlc', flags: [], realServers: [], line };
  const result: Omit<RuleLine, 'key' | 'service'> = {};
  let key: string | undefined;
  let ipv6 = false;
  for (let i = 0; i < tokens.length; i += 1) {
    const option = tokens[i];
    const text = option.text;
    if (text === '-6' || text === '--ipv6') {
      ipv6 = true;
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(FORWARD_OPTIONS, text)) {
      result.forward = FORWARD_OPTIONS[text];
      continue;
    }
    if (IGNORED_FLAGS.has(text)) continue;
    const value = tokens[i + 1];
    // `-p` takes an optional timeout (300 s when omitted); -Sn always prints it.
    if ((text === '-p' || text === '--persistent') && (value === undefined || value.text.startsWith('-'))) {
      service.persistent = { timeout: 300 };
      continue;
    }
    const takesValue =
      Object.prototype.hasOwnProperty.call(SERVICE_OPTIONS, text) ||
      IGNORED_WITH_VALUE.has(text) ||
      [
        '-s',
        '--scheduler',
        '-p',
        '--persistent',
        '-M',
        '--netmask',
        '-b',
        '--sched-flags',
        '-r',
        '--real-server',
        '-w',
        '--weight',
      ].includes(text);
    if (!takesValue) {
      report(option.column, `unknown option ${JSON.stringify(text)}`);
      return { ok: false, key };
    }
    if (value === undefined) {
      report(option.column + text.length, `missing value for ${text}`);
      return { ok: false, key };
    }
    i += 1;
    if (Object.prototype.hasOwnProperty.call(SERVICE_OPTIONS, text)) {
      service.protocol = SERVICE_OPTIONS[text];
      if (service.protocol === 'fwmark') {
        const mark = parseUnsigned(value.text);
        if (mark === undefined || mark === 0) {
          report(value.column, `invalid firewall mark ${JSON.stringify(value.text)}`);
          return { ok: false, key };
        }
        service.fwmark = mark;
      } else {
        const target = parseAddressPort(value.text);
        if (!target.ok) {
          report(value.column, target.message);
          return { ok: false, key };
        }
        service.address = target.address;
        service.port = target.port;
      }
      key = `${service.protocol} ${value.text}`;
    } else if (text === '-s' || text === '--scheduler') {
      service.scheduler = value.text;
    } else if (text === '-p' || text === '--persistent') {
      const timeout = parseUnsigned(value.text);
      if (timeout === undefined) {
        report(value.column, `invalid persistence timeout ${JSON.stringify(value.text)}`);
        return { ok: false, key };
      }
      service.persistent = { ...service.persistent, timeout };
    } else if (text === '-M' || text === '--netmask') {
      service.persistent = { timeout: service.persistent?.timeout ?? 300, netmask: value.text };
    } else if (text === '-b' || text === '--sched-flags') {
      service.flags = value.text.split(',');
    } else if (text === '-r' || text === '--real-server') {
      result.target = value;
    } else if (text === '-w' || text === '--weight') {
      const weight = parseUnsigned(value.text);
      if (weight === undefined) {
        report(value.column, `invalid weight ${JSON.stringify(value.text)}`);
        return { ok: false, key };
      }
      result.weight = weight;
    }
  }
  if (key === undefined) {
    report(command.column, 'missing virtual service (-t, -u, --sctp-service or -f)');
    return { ok: false, key };
  }
  if (ipv6) key += ' -6';
  return { ok: true, rule: { key, service, ...result } };
}
