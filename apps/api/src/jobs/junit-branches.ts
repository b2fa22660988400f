import { leafMeets, DISPOSITIONS, type BranchQuantifier } from '@hookpath/contracts';
import { branchChanges, type BranchChange, type FlowBranch, type FlowOutcome } from '@hookpath/diff';

// The branches of a flow as a JUnit failure names them: `branch 2 (33.3%): node-1 ipvs 10.0.0.5:80 — DROPPED (NO_NEIGHBOR)`.
// Read from a trace document (choices as objects) or a stored flow outcome (choices as text).

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** At most this many branches in a failure's message; the failure's text lists them all. */
const MESSAGE_BRANCHES = 3;

const ended = (o: Json): string => {
  const disposition = asString(o['disposition']) ?? 'UNKNOWN';
  const reason = asString(o['dropReason']);
  return reason === null ? disposition : `${disposition} (${reason})`;
};

/** How a leaf ends: its fate, and its reply's when a round trip's reply did not come back. */
function leafFate(leaf: Json): string {
  const reply = asObject(leaf['reply']);
  const replied = reply === null || asString(reply['disposition']) === 'DELIVERED' ? '' : `, reply ${ended(reply)}`;
  // a delivered request whose answer came back by another way than expected still is no connection
  const established =
    asString(leaf['disposition']) === 'DELIVERED' && asObject(leaf['roundTrip'])?.['established'] === false && replied === ''
      ? ', not established'
      : '';
  return `${ended(leaf)}${replied}${established}`;
}

/** The choices that lead to a leaf: the stored text, or `host kind chosen` per choice of a trace document. */
function choicesOf(leaf: Json): string {
  const text = asString(leaf['choices']);
  if (text !== null) return text;
  const list = Array.isArray(leaf['choices']) ? leaf['choices'] : [];
  return list
    .map(asObject)
    .filter((c): c is Json => c !== null)
    .map((c) => `${asString(c['host']) ?? '?'} ${asString(c['kind']) ?? '?'} ${asString(c['chosen']) ?? '?'}`)
    .join(', ');
}

/** `; 3 more branches past the limit, not checked` when the trace counted leaves it did not list. */
export function omittedNote(outcome: unknown): string {
  const n = asObject(outcome)?.['branchesOmitted'];
  return typeof n === 'number' && n > 0 ? `; ${n} more branch${n === 1 ? '' : 'es'} past the limit, not checked` : '';
}

export interface NamedBranch {
  number: number;
  line: string;
}

/** Every listed branch of an outcome or trace document, numbered from 1; empty without branches. */
export function namedBranches(outcome: unknown): NamedBranch[] {
  const list = asObject(outcome)?.['branches'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((value: unknown, i) => {
    const leaf = asObject(value);
    if (leaf === null) return [];
    const number = typeof leaf['branch'] === 'number' ? leaf['branch'] : i + 1;
    const probability = typeof leaf['probability'] === 'number' ? ` (${(leaf['probability'] * 100).toFixed(1)}%)` : '';
    return [{ number, line: `branch ${number}${probability}: ${choicesOf(leaf)} — ${leafFate(leaf)}` }];
  });
}

const isDisposition = (value: string): value is (typeof DISPOSITIONS)[number] => (DISPOSITIONS as readonly string[]).includes(value);

/**
 * The branches that did not meet the expectation: the numbers the worker stored (`failedBranches`),
 * or, for a trace document, each branch checked as the worker checks it.
 */
export function failingBranches(outcome: unknown, expect: string | null): NamedBranch[] {
  const all = namedBranches(outcome);
  if (all.length === 0) return [];
  const stored = asObject(outcome)?.['failedBranches'];
  if (Array.isArray(stored)) return all.filter((b) => stored.includes(b.number));
  if (expect === null || !isDisposition(expect)) return [];
  const leaves = asObject(outcome)?.['branches'] as unknown[];
  return all.filter((_, i) => {
    const leaf = asObject(leaves[i]) ?? {};
    const roundTrip = asObject(leaf['roundTrip']);
    return !leafMeets(expect, {
      disposition: asString(leaf['disposition']),
      ...(roundTrip === null ? {} : { roundTrip: { established: roundTrip['established'] === true } }),
    });
  });
}

/**
 * The failure's message and text for a flow with branches: which branches did not do what was
 * expected (of every branch, or of any), the first few in the message, all in the text.
 */
export function branchFailure(expect: string, quantifier: BranchQuantifier, outcome: unknown): { message: string; lines: string[] } | null {
  const all = namedBranches(outcome);
  const failing = failingBranches(outcome, expect);
  if (all.length === 0 || failing.length === 0) return null;
  const shown = failing.slice(0, MESSAGE_BRANCHES).map((b) => b.line);
  const more = failing.length > MESSAGE_BRANCHES ? `; and ${failing.length - MESSAGE_BRANCHES} more` : '';
  const head =
    quantifier === 'any'
      ? `expected ${expect} on at least one of ${all.length} branches, none did`
      : `expected ${expect} on every branch, ${failing.length} of ${all.length} did not`;
  return { message: `${head}: ${shown.join('; ')}${more}`, lines: [`${head}${omittedNote(outcome)}`, ...failing.map((b) => b.line)] };
}

const CHANGE_WORD: Readonly<Record<BranchChange['change'], string>> = { appeared: 'new', disappeared: 'gone', changed: 'changed' };

const sideText = (leaf: FlowBranch | null): string =>
  leaf === null ? 'none' : `${(leaf.probability * 100).toFixed(1)}% ${leafFate(leaf as unknown as Json)}`;

/** A diff flow's branches that appeared, disappeared or end differently: `branch node-1 ipvs 10.0.0.5:80 (gone): 33.3% DELIVERED → none`. */
export function changedBranchLines(base: unknown, target: unknown): string[] {
  const b = asObject(base);
  const t = asObject(target);
  if (b === null || t === null || typeof b['disposition'] !== 'string' || typeof t['disposition'] !== 'string') return [];
  return branchChanges(b as unknown as FlowOutcome, t as unknown as FlowOutcome).map(
    (c) => `branch ${c.choices === '' ? '(no choice)' : c.choices} (${CHANGE_WORD[c.change]}): ${sideText(c.base)} → ${sideText(c.target)}`,
  );
}
