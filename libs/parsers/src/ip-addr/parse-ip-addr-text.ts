import type { NetInterface, ParseResult } from '@hookpath/model';
import { parseInterfaceBlocks } from '../ip-link/interface-blocks';
import { handleAddressLine } from './address-line';

/** `ip addr show` or `ip -d addr show` (the latter adds the link kind, bridge and macvlan details). */
export function parseIpAddrText(content: string, file: string): ParseResult<NetInterface[]> {
  return parseInterfaceBlocks(content, file, handleAddressLine);
}
