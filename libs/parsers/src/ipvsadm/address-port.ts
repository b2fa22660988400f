import { isIpAddress, parseUnsigned } from '../ip-common';

export type AddressPort = { ok: true; address: string; port: number } | { ok: false; message: string };

/**
 * `10.12.115.101:80` or `[fd00::1]:443`, as ipvsadm prints them with `-n`. Without `-n` ipvsadm
 * prints host and service names, which cannot be simulated.
 */
export function parseAddressPort(text: string): AddressPort {
  const bracketed = /^\[([^\]]+)\]:([^:]+)$/.exec(text);
  const plain = /^([^:[\]]+):([^:]+)$/.exec(text);
  const match = bracketed ?? plain;
  if (match === null) return { ok: false, message: `expected address:port, got ${JSON.stringify(text)}` };
  const [, address, portText] = match;
  const port = parseUnsigned(portText);
  if (!isIpAddress(address) || port === undefined || port > 65535) {
    return { ok: false, message: `expected a numeric address:port, got ${JSON.stringify(text)} (capture with ipvsadm -n)` };
  }
  return { ok: true, address, port };
}
