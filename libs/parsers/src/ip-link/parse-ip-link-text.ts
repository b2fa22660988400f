import type { NetInterface, ParseResult } from '@hookpath/model';
import { parseInterfaceBlocks } from './interface-blocks';

/**
 * `ip -d link show` or plain `ip link show`. Without `-d` the kind, macvlan mode, bridge and bridge
 * port details are not printed, so every Ethernet-like link has kind `ether`.
 */
export function parseIpLinkText(content: string, file: string): ParseResult<NetInterface[]> {
  return parseInterfaceBlocks(content, file);
}
