import type { Host, IptablesRule } from '@hookpath/model';
import type { TraceChoice } from '../trace/trace';
import { ruleIndex } from './rule-index';

interface Spread {
  /** The `-m statistic` rules (random or nth) of the run, in chain order. */
  rules: string[];
  /** Their targets, then the target of the rule after the run (kube-proxy's last endpoint). */
  among: string[];
  /** What a packet that passes every statistic rule takes. */
  rest: string;
}

const isRandom = (r: IptablesRule): boolean =>
  r.matches.some(
    (m) => m.module === 'statistic' && m.options.some((o) => o.name === 'mode' && (o.values[0] === 'random' || o.values[0] === 'nth')),
  );

/** The run of consecutive statistic rules around `text` in its chain (kube-proxy's KUBE-SVC spread, an nth round robin). */
export function spreadOf(host: Host | undefined, text: string): Spread | null {
  const place = host === undefined ? undefined : ruleIndex(host).place(text);
  if (place === undefined) return null;
  const { chain, at } = place;
  let first = at;
  while (first > 0 && isRandom(chain.rules[first - 1] as IptablesRule)) first--;
  let end = at;
  while (end + 1 < chain.rules.length && isRandom(chain.rules[end + 1] as IptablesRule)) end++;
  const run = chain.rules.slice(first, end + 1);
  const after = chain.rules[end + 1];
  const rest = after?.target?.name ?? `past ${chain.name}'s statistic rules`;
  return { rules: run.map((r) => r.text), among: [...run.map((r) => r.target?.name ?? r.text), rest], rest };
}

/**
 * Presents a kube-proxy spread as one choice, as TRACE-CONTRACT shows it: the consecutive statistic
 * choices of one run of rules (`not KUBE-SEP-A`, then `KUBE-SEP-B`) become `chosen: KUBE-SEP-B`
 * among every endpoint chain, with the product of their weights; the rule is the run's first one met.
 */
export function groupStatisticChoices(hostOf: (name: string) => Host | undefined): (choices: TraceChoice[]) => TraceChoice[] {
  return (choices) => {
    const out: TraceChoice[] = [];
    let i = 0;
    while (i < choices.length) {
      const c = choices[i] as TraceChoice;
      const spread = c.kind === 'statistic' && c.rule !== undefined ? spreadOf(hostOf(c.host), c.rule) : null;
      if (spread === null) {
        out.push(c);
        i++;
        continue;
      }
      let weight: number | undefined = 1;
      let chosen = spread.rest;
      let j = i;
      while (j < choices.length) {
        const d = choices[j] as TraceChoice;
        if (d.kind !== 'statistic' || d.host !== c.host || d.rule === undefined || !spread.rules.includes(d.rule)) break;
        weight = d.weight === undefined || weight === undefined ? undefined : weight * d.weight;
        j++;
        if (d.chosen === d.among[0]) {
          chosen = d.chosen;
          break;
        }
      }
      out.push({
        host: c.host,
        kind: 'statistic',
        rule: c.rule as string,
        chosen,
        among: spread.among,
        ...(weight === undefined ? {} : { weight }),
      });
      i = j;
    }
    return out;
  };
}
