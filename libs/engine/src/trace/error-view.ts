import type { InnerView, PacketView } from './trace';
import type { InnerHeader, Packet } from '../packet/packet';

export function innerView(inner: InnerHeader): InnerView {
  const view: InnerView = { proto: inner.proto, src: inner.src, dst: inner.dst, sport: inner.sport, dport: inner.dport };
  if (inner.proto === 'icmp') view.icmpId = inner.icmpId;
  return view;
}

/** Adds an ICMP error's type, code and quoted header to a packet view (other packets have none). */
export function withErrorFields(view: PacketView, p: Packet): PacketView {
  if (p.inner === undefined) return view;
  view.icmpType = p.icmpType;
  view.icmpCode = p.icmpCode;
  view.inner = innerView(p.inner);
  return view;
}
