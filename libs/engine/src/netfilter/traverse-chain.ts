import type { TraceStep, Verdict } from '../trace/trace';
import { ChainScan } from './chain-index';
import { NO, UNDECIDED, YES, type CompiledChain, type CompiledRule, type MatchOutcome } from './compiled-types';
import { packetView, ruleLocation, type EvalContext } from './eval-context';
import { conditionsHead, policyExplanation, ruleExplanation } from './explain';
import type { TableVerdict } from './table-evaluation';

/** Deeper nesting than iptables can load means the snapshot's chains loop. */
const MAX_DEPTH = 256;
const MAX_CHAIN_ENTRIES = 100_000;

interface Frame {
  chain: CompiledChain;
  scan: ChainScan;
}

/**
 * Every match of the rule; one that fails decides (whatever the others say), one that cannot
 * decide makes the rule undecided only when all the others hold. The first reason is kept.
 */
export function testRule(rule: CompiledRule, ctx: EvalContext): MatchOutcome {
  let reason: string | null = null;
  const matches = rule.matches;
  for (let i = 0; i < matches.length; i++) {
    const outcome = (matches[i] as CompiledRule['matches'][number]).test(ctx);
    if (outcome === NO) return NO;
    if (outcome === UNDECIDED && reason === null) reason = ctx.undecided ?? `${ruleLocation(rule)} cannot be evaluated`;
  }
  if (reason === null) return YES;
  ctx.undecided = reason;
  return UNDECIDED;
}

export interface Walk {
  ctx: EvalContext;
  base: CompiledChain;
  priority: number;
  steps: TraceStep[];
  /** false: visit every rule (the reference for the index). */
  useIndex: boolean;
}

/** One netfilter step: a rule's (its text and line) or, with `rule` null, the base chain's policy. */
function step(walk: Walk, chain: string, rule: CompiledRule | null, verdict: Verdict, explanation: string): TraceStep {
  const ctx = walk.ctx;
  const packetAfter = packetView(ctx.packet);
  // two literals rather than a spread of `{ line }`: the same keys in the same order, without the copy
  if (rule === null) {
    return {
      host: ctx.input.host,
      kind: 'netfilter',
      hook: ctx.hook,
      priority: walk.priority,
      table: ctx.table,
      chain,
      rule: null,
      verdict,
      packetAfter,
      explanation,
    };
  }
  return {
    host: ctx.input.host,
    kind: 'netfilter',
    hook: ctx.hook,
    priority: walk.priority,
    table: ctx.table,
    chain,
    rule: rule.text,
    line: rule.line,
    verdict,
    packetAfter,
    explanation,
  };
}

function policy(walk: Walk, afterReturn: boolean): TableVerdict {
  const base = walk.base;
  walk.steps.push(
    step(
      walk,
      base.name,
      null,
      base.policy === 'ACCEPT' ? 'POLICY_ACCEPT' : 'POLICY_DROP',
      policyExplanation(base.name, base.policy, afterReturn),
    ),
  );
  return base.policy;
}

function unknown(walk: Walk, chain: string, rule: CompiledRule | null, message: string): TableVerdict {
  walk.ctx.undecided = message;
  walk.steps.push(step(walk, chain, rule, 'UNKNOWN', message));
  return 'UNKNOWN';
}

/**
 * Walks the table from its base chain as the kernel does (ipt_do_table / nft_do_chain): rules in
 * order; a jump pushes the caller, a goto does not, so the end of a goto'd chain and its RETURN go
 * back to the caller of the chain that did the goto; RETURN or the end of the chain with no caller
 * left applies the base chain's policy; the end of a user chain is silent. One step per matched
 * rule, and one for a policy applied.
 */
export function walkTable(walk: Walk): TableVerdict {
  const ctx = walk.ctx;
  const open = (c: CompiledChain): ChainScan => new ChainScan(c.length, walk.useIndex ? c.index : null, ctx);
  const stack: Frame[] = [];
  let chain = walk.base;
  let scan = open(chain);
  let entries = 0;
  for (;;) {
    const i = scan.next();
    if (i < 0) {
      const frame = stack.pop();
      if (frame === undefined) return policy(walk, false);
      chain = frame.chain;
      scan = frame.scan;
      continue;
    }
    const rule = chain.rule(i);
    ctx.rule = rule;
    const outcome = testRule(rule, ctx);
    if (outcome === NO) continue;
    if (outcome === UNDECIDED) return unknown(walk, chain.name, rule, ctx.undecided as string);
    const head = conditionsHead(rule, ctx);
    const effect = rule.target.apply(ctx);
    walk.steps.push(step(walk, chain.name, rule, effect.verdict, ruleExplanation(head, effect, rule)));
    switch (effect.action) {
      case 'continue':
        break;
      case 'accept':
        return 'ACCEPT';
      case 'drop':
        return 'DROP';
      case 'reject':
        return 'REJECT';
      case 'unknown':
        ctx.undecided = ctx.undecided ?? effect.text;
        return 'UNKNOWN';
      case 'return': {
        const frame = stack.pop();
        if (frame === undefined) return policy(walk, true);
        chain = frame.chain;
        scan = frame.scan;
        break;
      }
      case 'jump':
      case 'goto': {
        const target = effect.chain as CompiledChain;
        if (++entries > MAX_CHAIN_ENTRIES || stack.length >= MAX_DEPTH) {
          return unknown(walk, chain.name, rule, `the chains of table ${ctx.table} loop (${ruleLocation(rule)} -> ${target.name})`);
        }
        if (effect.action === 'jump') stack.push({ chain, scan });
        chain = target;
        scan = open(chain);
        break;
      }
    }
  }
}
