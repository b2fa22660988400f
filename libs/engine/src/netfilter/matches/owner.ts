import type { RuleMatch, RuleOption } from '@hookpath/model';
import { NO, UNDECIDED, YES, type CompiledMatch } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { badValue, optionNotModelled, optionText, siteText, type MatchSite } from './match-support';

interface IdRange {
  from: number;
  to: number;
  negated: boolean;
}

function idRange(option: RuleOption): IdRange | null {
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(option.values[0] ?? '');
  if (m === null) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to ? { from, to, negated: option.negated } : null;
}

const inRange = (range: IdRange, id: number): boolean => id >= range.from && id <= range.to;

interface SocketOwner {
  uid: number;
  gid: number;
  /** True when the request gave no owner and root is assumed. */
  assumed: boolean;
}

/** Without an owner in the request, a locally generated packet's socket is taken to be root's. */
const ROOT: SocketOwner = { uid: 0, gid: 0, assumed: true };

/**
 * The packet's local socket owner: null when it has none. A forwarded packet in POSTROUTING has
 * none; a locally generated one has `TableInput.owner`, or root's (uid 0, gid 0) when not given.
 */
function socketOwner(ctx: EvalContext): SocketOwner | null {
  const owner = ctx.input.owner;
  if (owner === null) return null;
  if (owner !== undefined) return { ...owner, assumed: false };
  if (ctx.hook === 'POSTROUTING' && ctx.input.inIface !== null) return null;
  return ROOT;
}

/**
 * `-m owner` (xt_owner.c), valid in OUTPUT and POSTROUTING. Without a local socket the match is
 * true only when every option given is negated; with one, `! --socket-exists` fails and the uid
 * and gid (ranges `A-B`) are compared, `!` per option. `--suppl-groups` also accepts a
 * supplementary group, which the trace does not know: it can only confirm the primary group.
 */
export function compileOwnerMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let uid: IdRange | null = null;
  let gid: IdRange | null = null;
  let socketExists: boolean | null = null;
  let supplementary = false;
  for (const option of match.options) {
    switch (option.name) {
      case 'uid-owner':
        uid = idRange(option);
        if (uid === null) return badValue(match, option, site);
        break;
      case 'gid-owner':
        gid = idRange(option);
        if (gid === null) return badValue(match, option, site);
        break;
      case 'socket-exists':
        socketExists = !option.negated;
        break;
      case 'suppl-groups':
        supplementary = true;
        break;
      default:
        return optionNotModelled(match, option, site);
    }
  }
  const allNegated = match.options.every((o) => o.name === 'suppl-groups' || o.negated);
  const text = match.options.map((o) => optionText(o)).join(', ');
  const where = siteText(site);
  const u = uid;
  const g = gid;
  const wantsSocket = socketExists;
  return {
    module: 'owner',
    test(ctx) {
      if (ctx.hook !== 'OUTPUT' && ctx.hook !== 'POSTROUTING') return NO;
      const owner = socketOwner(ctx);
      if (owner === null) return allNegated ? YES : NO;
      if (wantsSocket === false) return NO;
      if (u !== null && inRange(u, owner.uid) === u.negated) return NO;
      if (g !== null) {
        const primary = inRange(g, owner.gid);
        if (!primary && supplementary && !g.negated) {
          ctx.undecided = `match "-m owner --suppl-groups" in ${where} needs the socket's supplementary groups, which the trace does not know`;
          return UNDECIDED;
        }
        if (primary === g.negated) return NO;
      }
      return YES;
    },
    describe(ctx) {
      const owner = socketOwner(ctx);
      if (owner === null) return `${text} (no local socket)`;
      if (owner.assumed) return `${text} (the sending socket is assumed to belong to root (uid 0), gid 0)`;
      return `${text} (uid ${owner.uid}, gid ${owner.gid})`;
    },
  };
}
