import type { OvnChassis, ParseIssue, ParseResult } from '@hookpath/model';
import { issueAt, splitLines } from '../issue';
import { parseOvsdbValue } from '../ovn-nbctl-list/ovsdb-value';

const CHASSIS = /^Chassis (.+)$/;
const ENCAP = /^ {4}Encap (.+)$/;
const BINDING = /^ {4}Port_Binding (.+)$/;
const CHASSIS_FIELD = /^ {4}([a-z_][a-z0-9_ -]*): (.*)$/;
const ENCAP_FIELD = /^ {8}([a-z_][a-z0-9_ -]*): (.*)$/;

/**
 * Parses `ovn-sbctl show`: chassis (names are quoted when they look like UUIDs), their hostname,
 * encapsulations ("geneve 172.18.0.2") and the logical ports bound to them.
 */
export function parseOvnSbctlShow(content: string, file: string): ParseResult<OvnChassis[]> {
  const lines = splitLines(content);
  const errors: ParseIssue[] = [];
  const chassis: OvnChassis[] = [];
  let current: OvnChassis | null = null;
  /** The encap whose `ip:` line is awaited (index in current.encaps). */
  let encap: number | null = null;
  const atom = (index: number, column: number, text: string): string | null => {
    const value = parseOvsdbValue(text);
    if ('message' in value) {
      errors.push(issueAt(file, lines, index, column + value.offset, value.message));
      return null;
    }
    if (value.kind !== 'atom') {
      errors.push(issueAt(file, lines, index, column, 'expected a single value'));
      return null;
    }
    return value.value;
  };
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
    const ch = CHASSIS.exec(line);
    if (ch !== null) {
      const name = atom(index, 9, ch[1] ?? '');
      current = { name: name ?? '', hostname: null, encaps: [], ports: [] };
      encap = null;
      chassis.push(current);
      return;
    }
    const owner = current as OvnChassis | null;
    if (owner === null) {
      errors.push(issueAt(file, lines, index, 1, 'expected "Chassis <name>"'));
      return;
    }
    const en = ENCAP.exec(line);
    const pb = BINDING.exec(line);
    const cf = CHASSIS_FIELD.exec(line);
    const ef = ENCAP_FIELD.exec(line);
    if (en !== null) {
      const type = atom(index, 11, en[1] ?? '');
      if (type !== null) {
        owner.encaps.push(type);
        encap = owner.encaps.length - 1;
      }
    } else if (pb !== null) {
      encap = null;
      const port = atom(index, 18, pb[1] ?? '');
      if (port !== null) owner.ports.push(port);
    } else if (cf !== null) {
      encap = null;
      const [, key = '', text = ''] = cf;
      if (key === 'hostname') owner.hostname = atom(index, 5 + key.length + 2, text);
    } else if (ef !== null) {
      const [, key = '', text = ''] = ef;
      if (encap === null) {
        errors.push(issueAt(file, lines, index, 9, `"${key}" outside an Encap`));
        return;
      }
      if (key !== 'ip') return;
      const value = atom(index, 9 + key.length + 2, text);
      if (value !== null) owner.encaps[encap] = `${owner.encaps[encap] ?? ''} ${value}`;
    } else {
      errors.push(
        issueAt(file, lines, index, 1, 'expected "    hostname: ...", "    Encap <type>", "        ip: ..." or "    Port_Binding <port>"'),
      );
    }
  });
  return { value: chassis, errors };
}
