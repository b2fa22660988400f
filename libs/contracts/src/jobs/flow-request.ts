import { z } from 'zod';
import { FLOW_GENERATOR_NAMES, type FlowGeneratorName } from '@hookpath/model';
import { BRANCH_QUANTIFIERS } from './branch-quantifier';

const ipv4 = z.ipv4({ message: 'expected an IPv4 address (a.b.c.d)' });
const port = z.number().int().min(1).max(65535);

export const DISPOSITIONS = ['DELIVERED', 'EXITED', 'DROPPED', 'REJECTED', 'UNKNOWN'] as const;

/**
 * What a flow is expected to do: a disposition (`DELIVERED`, `DROPPED`, ...) or, in a diff,
 * `same-as-base` (the target snapshot must treat the flow as the base does).
 */
export const flowExpectationSchema = z.enum([...DISPOSITIONS, 'same-as-base']);
export type FlowExpectation = z.infer<typeof flowExpectationSchema>;

/** How `expect` reads a trace with branches: every branch (`all`, the default) or at least one (`any`). */
export const branchQuantifierSchema = z.enum(BRANCH_QUANTIFIERS);

/** The protocol `hookpath trace` assumes when none is given: icmp without ports, tcp with them. */
export function flowProtocol(flow: {
  proto?: 'tcp' | 'udp' | 'icmp' | undefined;
  sport?: number | undefined;
  dport?: number | undefined;
}): 'tcp' | 'udp' | 'icmp' {
  return flow.proto ?? (flow.sport === undefined && flow.dport === undefined ? 'icmp' : 'tcp');
}

/** TCP flag names, in header order (the engine's TcpFlag). */
export const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;

/** The packet and where it starts, as `hookpath trace` takes them. */
export const flowSchema = z
  .object({
    from: z.string().trim().min(1).max(300),
    src: ipv4,
    dst: ipv4,
    proto: z.enum(['tcp', 'udp', 'icmp']).optional(),
    sport: port.optional(),
    dport: port.optional(),
    icmpId: z.number().int().min(0).max(65535).optional(),
    mark: z.number().int().min(0).max(0xffffffff).optional(),
    /** The flags of a TCP packet (`["ACK"]`: a packet in the middle of a connection); default a SYN. */
    tcpFlags: z.array(z.enum(TCP_FLAG_NAMES)).min(1).max(TCP_FLAG_NAMES.length).optional(),
    /** The IP TTL the packet is sent with (`--ttl`); default 64. A low one provokes TTL exceeded on the way. */
    ttl: z.number().int().min(1).max(255).optional(),
    backend: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/, 'expected ip:port')
      .optional(),
    /**
     * The branch to follow (`--choose`): a next hop of an OVN ECMP route or reroute policy or of a
     * multipath route, a device, or the chain a statistic rule jumps to (KUBE-SEP-…).
     */
    choose: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected a next hop (an IPv4 address), a device or a chain name')
      .optional(),
    roundTrip: z.boolean().optional(),
    label: z.string().max(300).optional(),
    expect: flowExpectationSchema.optional(),
    /** Where the trace has branches: `all` (default), every branch must meet `expect`; `any`, one is enough. */
    branches: branchQuantifierSchema.optional(),
  })
  .strict()
  .superRefine((flow, ctx) => {
    const proto = flowProtocol(flow);
    if (proto === 'icmp' && (flow.sport !== undefined || flow.dport !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'sport and dport apply to tcp and udp', path: ['proto'] });
    }
    if (proto !== 'icmp' && flow.icmpId !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'icmpId applies to icmp', path: ['icmpId'] });
    }
    if (flow.tcpFlags !== undefined && proto !== 'tcp') {
      ctx.addIssue({ code: 'custom', message: 'tcpFlags apply to tcp', path: ['tcpFlags'] });
    }
    if (flow.tcpFlags !== undefined && new Set(flow.tcpFlags).size !== flow.tcpFlags.length) {
      ctx.addIssue({ code: 'custom', message: 'each TCP flag at most once', path: ['tcpFlags'] });
    }
  });
export type Flow = z.infer<typeof flowSchema>;

/** The flow generators by name (the model's list, shared with the engine that runs them). */
export const FLOW_GENERATORS = FLOW_GENERATOR_NAMES;
export type FlowGenerator = FlowGeneratorName;

/** A generated flow set: every pod to every service, every pod to the outside, outside to every EIP/FIP/NodePort. */
export const flowGeneratorSchema = z
  .object({
    name: z.enum(FLOW_GENERATORS),
    /** Destinations of `pods-to-outside` (default: the snapshot's external hosts, else 1.1.1.1). */
    outside: z.array(ipv4).min(1).max(64).optional(),
  })
  .strict();
export type FlowGeneratorSpec = z.infer<typeof flowGeneratorSchema>;

export const MAX_BATCH_FLOWS = 100_000;
