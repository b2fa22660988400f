import type { LinkKind, MacvlanMode } from '@hookpath/model';

/**
 * Kind of a link that reports no `info_kind`: the link-layer type (`link/loopback` -> `loopback`,
 * `link/ether` -> `ether`, `link/none`, ...). Without `-d`, iproute2 prints no kind at all, so a veth
 * or a macvlan also shows up as `ether`.
 */
export function kindFromLinkType(linkType: string | undefined): LinkKind {
  return linkType === undefined || linkType === '' ? 'ether' : linkType;
}

const MACVLAN_MODES: readonly MacvlanMode[] = ['private', 'vepa', 'bridge', 'passthru', 'source'];

export function toMacvlanMode(text: string): MacvlanMode | undefined {
  return MACVLAN_MODES.find((mode) => mode === text);
}

/** Kinds whose `mode` is a macvlan mode (macvtap shares the macvlan driver). */
export function hasMacvlanMode(kind: LinkKind): boolean {
  return kind === 'macvlan' || kind === 'macvtap';
}
