import type { NetInterface, ParseIssue, ParseResult } from '@hookpath/model';
import { LineContext, tokenize } from '../ip-common';
import type { Token } from '../ip-common';
import { splitLines } from '../issue';
import { shapeInterface } from './interface-shape';
import { applyKindLine, applyLinkLayerLine, applySlaveLine } from './link-detail-lines';
import { isHeaderLine, parseHeaderLine } from './link-header-line';
import { resolveLinkPeers } from './resolve-link-peers';

/** Handles the indented lines that are not about the link itself (`inet ...` in `ip addr`); true when consumed. */
export type BlockLineHandler = (ctx: LineContext, iface: NetInterface, tokens: Token[]) => boolean;

/** Indented lines the model does not use: alternative names, aliases, VFs, XDP programs, `-s` counters. */
function isIgnoredLine(first: string): boolean {
  return (
    first === 'altname' ||
    first === 'alias' ||
    first === 'vf' ||
    first.startsWith('prog/') ||
    /^(RX|TX)[:]?$/.test(first) ||
    /^\d+$/.test(first)
  );
}

/** First words of `ip addr` address lines, which `ip link` never prints. */
const ADDRESS_LINE_STARTS = new Set(['inet', 'inet6', 'valid_lft']);

interface Block {
  iface: NetInterface;
  sawLinkLayer: boolean;
  sawKind: boolean;
}

/**
 * Parses the block layout shared by `ip link show` and `ip addr show` (with or without `-d`):
 * a header line per interface, then indented lines: `link/<type> ...`, with `-d` the kind line and a
 * `<kind>_slave` line, then (for `ip addr`) the address lines handled by `extra`.
 */
export function parseInterfaceBlocks(content: string, file: string, extra?: BlockLineHandler): ParseResult<NetInterface[]> {
  const lines = splitLines(content);
  const errors: ParseIssue[] = [];
  const interfaces: NetInterface[] = [];
  // null before the first header; 'skipped' after a header that could not be read, whose detail
  // lines are then left out without further errors.
  let block: Block | null | 'skipped' = null;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const ctx = new LineContext(file, lines, index, errors);
    if (isHeaderLine(line)) {
      const iface = parseHeaderLine(ctx);
      block = iface === null ? 'skipped' : { iface, sawLinkLayer: false, sawKind: false };
      if (iface !== null) interfaces.push(iface);
      return;
    }
    const tokens = tokenize(line);
    const first = tokens[0] as Token;
    if (!/^\s/.test(line)) {
      ctx.error(1, 'expected an interface header (`N: name: <FLAGS> ...`) or an indented detail line');
      return;
    }
    if (block === null) {
      ctx.error(first.column, 'detail line outside an interface block');
      return;
    }
    if (block === 'skipped') return;
    const current: Block = block;
    if (first.text.startsWith('link/')) {
      applyLinkLayerLine(ctx, current.iface, tokens);
      current.sawLinkLayer = true;
    } else if (extra !== undefined && extra(ctx, current.iface, tokens)) {
      return;
    } else if (extra === undefined && ADDRESS_LINE_STARTS.has(first.text)) {
      ctx.error(first.column, 'address line in `ip link` output (addresses belong in ip-addr)');
    } else if (isIgnoredLine(first.text)) {
      return;
    } else if (first.text.endsWith('_slave')) {
      applySlaveLine(ctx, current.iface, tokens);
    } else if (current.sawLinkLayer && !current.sawKind && /^[a-z][a-z0-9_-]*$/.test(first.text)) {
      applyKindLine(ctx, current.iface, tokens);
      current.sawKind = true;
    } else {
      ctx.error(first.column, `unexpected line starting with \`${first.text}\``);
    }
  });
  resolveLinkPeers(interfaces);
  return { value: interfaces.map(shapeInterface), errors };
}
