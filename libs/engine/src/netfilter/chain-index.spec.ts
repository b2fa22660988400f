import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ChainIndexPool, ChainScan, ruleKey } from './chain-index';
import { compileNetfilter } from './compile-netfilter';
import { compileRule, indexKeyOf, type ChainScope } from './compiled-chain';
import type { CompiledChain } from './compiled-types';
import { createContext } from './eval-context';
import { evaluateTable } from './evaluate-table';
import type { Hook } from '../packet/hooks';
import { tableInput } from './testing/inputs.testing';
import { hostOf, ipset } from './testing/ruleset.testing';
import type { Host } from '@hookpath/model';
import { parseIptablesSave } from '@hookpath/parsers';

/** mulberry32: a small seeded generator, so that a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADDRESSES = ['10.96.0.1', '10.96.0.2', '10.96.0.3', '10.96.1.7', '192.168.1.10', '10.244.0.5'];
const PORTS = [53, 80, 443, 8080];
const CHAINS = ['PREROUTING', 'C1', 'C2', 'C3', 'C4', 'C5'];

function generateRuleset(rnd: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const chance = (p: number): boolean => rnd() < p;
  const lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ...CHAINS.slice(1).map((c) => `:${c} - [0:0]`)];
  CHAINS.forEach((chain, c) => {
    const count = chance(0.6) ? 20 + Math.floor(rnd() * 60) : Math.floor(rnd() * 12);
    for (let r = 0; r < count; r++) {
      const parts: string[] = [];
      if (chance(0.7))
        parts.push(chance(0.1) ? `! -d ${pick(ADDRESSES)}/32` : chance(0.1) ? '-d 10.96.0.0/24' : `-d ${pick(ADDRESSES)}/32`);
      if (chance(0.15)) parts.push(`-s ${pick(['10.244.0.0/16', '10.0.0.1/32'])}`);
      const proto = chance(0.75) ? pick(['tcp', 'udp', 'icmp']) : null;
      if (proto !== null) parts.push(chance(0.08) ? `! -p ${proto}` : `-p ${proto}`);
      if (proto === 'tcp' || proto === 'udp') {
        const m = `-m ${proto}`;
        if (chance(0.7)) parts.push(`${m} ${chance(0.1) ? '! ' : ''}--dport ${chance(0.1) ? '80:90' : pick(PORTS)}`);
        else if (chance(0.2)) parts.push(`-m multiport --dports 80,443`);
      }
      if (chance(0.08)) parts.push('-m mark --mark 0x1/0x1');
      if (chance(0.08)) parts.push('-m statistic --mode random --probability 0.50000000000');
      if (chance(0.06)) parts.push('-m set --match-set SVC dst');
      if (chance(0.05)) parts.push('-m addrtype --dst-type LOCAL');
      if (chance(0.02)) parts.push('-m foo');
      const later = CHAINS.slice(c + 1).filter((name) => name !== 'PREROUTING');
      const roll = rnd();
      let target = '';
      if (roll < 0.3 && later.length > 0) target = `-j ${pick(later)}`;
      else if (roll < 0.4 && later.length > 0) target = `-g ${pick(later)}`;
      else if (roll < 0.5) target = '-j RETURN';
      else if (roll < 0.6) target = pick(['-j MARK --or-mark 0x1', '-j MARK --set-xmark 0x0/0x1', '-j LOG']);
      else if (roll < 0.64) target = `-j DNAT --to-destination ${pick(ADDRESSES)}:8080`;
      else if (roll < 0.66) target = '-j ACCEPT';
      else if (roll < 0.67) target = '-j DROP';
      else if (roll < 0.68) target = '-j NFQUEUE';
      lines.push(`-A ${chain} ${[...parts, target].filter((p) => p !== '').join(' ')}`.trimEnd());
    }
  });
  return `${lines.join('\n')}\n`;
}

describe('chain index', () => {
  it('an indexed walk equals the linear walk: random rulesets and packets', () => {
    let indexedChains = 0;
    let decided = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = random(seed);
      const host = hostOf(generateRuleset(rnd), [ipset('SVC', 'hash:ip', ['10.96.0.1', '10.96.1.7'])]);
      const indexed = compileNetfilter(host, { index: 'always' });
      const auto = compileNetfilter(host);
      const linear = compileNetfilter(host, { index: 'off' });
      for (const chain of indexed.tables.get('nat')?.chains.values() ?? []) if (chain.index !== null) indexedChains++;
      for (let p = 0; p < 60; p++) {
        const proto = (['tcp', 'udp', 'icmp'] as const)[Math.floor(rnd() * 3)] ?? 'tcp';
        const dst = rnd() < 0.8 ? (ADDRESSES[Math.floor(rnd() * ADDRESSES.length)] as string) : '10.96.0.77';
        const dport = PORTS[Math.floor(rnd() * PORTS.length)] as number;
        const input = tableInput('nat', 'PREROUTING', {
          packet: { src: rnd() < 0.5 ? '10.244.3.3' : '10.0.0.1', dst, proto, dport, mark: rnd() < 0.3 ? 1 : 0 },
        });
        const reference = evaluateTable(linear, input);
        const message = `seed ${seed} packet ${p}`;
        assert.deepEqual(evaluateTable(indexed, input), reference, message);
        assert.deepEqual(evaluateTable(auto, input), reference, message);
        assert.deepEqual(evaluateTable(indexed, input, { useIndex: false }), reference, message);
        if (reference.verdict !== 'UNKNOWN' && reference.steps.length > 1) decided++;
      }
    }
    assert.ok(indexedChains > 100, `indexed chains: ${indexedChains}`);
    assert.ok(decided > 1000, `walks with matched rules: ${decided}`);
  });

  it("a rule's index key from its keyed matches alone equals the key of the whole compiled rule", () => {
    let keyed = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const host = hostOf(generateRuleset(random(seed)), [ipset('SVC', 'hash:ip', ['10.96.0.1'])]);
      const compiled = compileNetfilter(host);
      const nat = host.iptables?.tables.find((t) => t.name === 'nat');
      const scope: ChainScope = {
        table: 'nat',
        chains: compiled.tables.get('nat')?.chains ?? new Map(),
        sets: compiled.sets,
        index: 'auto',
      };
      for (const chain of nat?.chains ?? []) {
        for (const rule of chain.rules) {
          const key = indexKeyOf(rule, chain.name, scope);
          assert.deepEqual(key, ruleKey(compileRule(rule, chain.name, scope)), `seed ${seed}: ${rule.text}`);
          if (Object.keys(key).length > 0) keyed++;
        }
      }
    }
    assert.ok(keyed > 1000, `rules with a key: ${keyed}`);
  });

  it("compiles a chain's rules when a packet first reaches them", () => {
    const rules: string[] = [];
    for (let i = 0; i < 100; i++) rules.push(`-A KUBE-SERVICES -d 10.96.0.${i}/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-${i}`);
    const declared = Array.from({ length: 100 }, (_, i) => `:KUBE-SVC-${i} - [0:0]`);
    const targets = Array.from({ length: 100 }, (_, i) => `-A KUBE-SVC-${i} -p tcp -m tcp -j DNAT --to-destination 10.244.0.${i}:8080`);
    const save = `*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n${declared.join('\n')}\n-A PREROUTING -j KUBE-SERVICES\n${rules.join('\n')}\n${targets.join('\n')}\n`;
    const host = hostOf(save);
    // a rule's text is read once, when it is compiled (the index reads only its keyed matches)
    const compiledRules = new Map<string, number>();
    for (const chain of host.iptables?.tables[0]?.chains ?? []) {
      chain.rules.forEach((rule, i) => {
        const text = rule.text;
        Object.defineProperty(rule, 'text', {
          get: () => {
            compiledRules.set(`${chain.name}/${i}`, (compiledRules.get(`${chain.name}/${i}`) ?? 0) + 1);
            return text;
          },
        });
      });
    }
    const compiled = compileNetfilter(host);
    assert.equal(compiledRules.size, 0, 'nothing is compiled before a packet comes');
    const input = tableInput('nat', 'PREROUTING', { packet: { src: '10.0.0.1', dst: '10.96.0.42', proto: 'tcp', dport: 80 } });
    const result = evaluateTable(compiled, input);
    assert.equal(result.verdict, 'ACCEPT');
    assert.equal(result.packet.dst, '10.244.0.42');
    assert.deepEqual([...compiledRules.keys()].sort(), ['KUBE-SERVICES/42', 'KUBE-SVC-42/0', 'PREROUTING/0']);
    assert.deepEqual(evaluateTable(compiled, input), result);
    assert.deepEqual([...compiledRules.values()], [1, 1, 1], 'a compiled rule is kept');
  });

  it('visits only the candidates of a kube-proxy style chain, in order', () => {
    const rules = ['-A KUBE-SERVICES -m comment --comment first'];
    for (let i = 0; i < 200; i++)
      rules.push(`-A KUBE-SERVICES -d 10.96.0.${i % 100}/32 -p tcp -m tcp --dport ${80 + Math.floor(i / 100)} -j RETURN`);
    rules.push('-A KUBE-SERVICES -p tcp -m tcp --dport 30080 -j RETURN', '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j RETURN');
    const save = `*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n${rules.join('\n')}\n`;
    const compiled = compileNetfilter(hostOf(save));
    const chain = compiled.tables.get('nat')?.chains.get('KUBE-SERVICES') as CompiledChain;
    assert.notEqual(chain.index, null);
    const visit = (dst: string, dport: number, hook: Hook = 'PREROUTING'): number[] => {
      const ctx = createContext(tableInput('nat', hook, { packet: { src: '10.0.0.1', dst, proto: 'tcp', dport } }));
      const scan = new ChainScan(chain.rules.length, chain.index, ctx);
      const seen: number[] = [];
      for (let i = scan.next(); i >= 0; i = scan.next()) seen.push(i);
      return seen;
    };
    assert.deepEqual(visit('10.96.0.7', 81), [0, 108, 202]);
    assert.deepEqual(visit('10.96.0.7', 30080), [0, 201, 202]);
    assert.deepEqual(visit('10.1.1.1', 80), [0, 202]);
  });

  it('a chain written like one indexed before (its counters aside) shares its index without its rules being read', () => {
    const services = Array.from({ length: 40 }, (_, i) => `-A KUBE-SERVICES -d 10.96.0.${i}/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-${i}`);
    const save = (rules: string[], counters: (i: number) => string): string =>
      [
        '*nat',
        ':PREROUTING ACCEPT [0:0]',
        ':KUBE-SERVICES - [0:0]',
        '-A PREROUTING -j KUBE-SERVICES',
        ...rules.map((r, i) => counters(i) + r),
        'COMMIT',
        '',
      ].join('\n');
    const lazyHost = (text: string): Host => ({
      ...hostOf('', []),
      iptables: parseIptablesSave(text, 'iptables-save.txt', { rules: 'lazy' }).value,
    });
    const hosts = [
      lazyHost(save(services, () => '')),
      lazyHost(save(services, (i) => `[${i}:${i * 60}] `)),
      lazyHost(save([...services.slice(0, 39), '-A KUBE-SERVICES -d 10.96.9.9/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-39'], () => '')),
    ];
    // how often each host's KUBE-SERVICES is parsed
    const parsed = hosts.map((host) => {
      const chain = host.iptables?.tables[0]?.chains.find((c) => c.name === 'KUBE-SERVICES');
      const source = chain?.ruleSource;
      assert.ok(source !== undefined);
      const read = { count: 0 };
      const rule = source.rule.bind(source);
      source.rule = (i: number) => {
        read.count++;
        return rule(i);
      };
      return read;
    });
    const indexes = new ChainIndexPool();
    const counts = { rules: 0, indexes: 0 };
    const chains = hosts.map((host) => compileNetfilter(host, { indexes, counts }).tables.get('nat')?.chains.get('KUBE-SERVICES'));
    // compiling reads no rule; the index is built when a packet first enters the chain
    assert.deepEqual(
      parsed.map((p) => p.count),
      [0, 0, 0],
    );
    const [first, same, other] = chains.map((chain) => chain?.index);
    assert.ok(first !== null && first !== undefined);
    assert.equal(same, first);
    assert.notEqual(other, first);
    assert.deepEqual(
      parsed.map((p) => p.count),
      [40, 0, 40],
    );
    assert.deepEqual(counts, { rules: 0, indexes: 3 });
    assert.equal(other?.byDst.has(0x0a600909), true);
  });

  it('hosts compiled with one pool share the index of chains with the same keys, and walk them alike', () => {
    const indexes = new ChainIndexPool();
    const rnd = random(7);
    const save = generateRuleset(rnd);
    const hosts = [hostOf(save, []), hostOf(save, []), hostOf(generateRuleset(random(8)), [])];
    const pooled = hosts.map((host) => compileNetfilter(host, { index: 'always', indexes }));
    const own = hosts.map((host) => compileNetfilter(host, { index: 'always' }));
    const chainsOf = (c: (typeof pooled)[number]): CompiledChain[] => [...(c.tables.get('nat')?.chains.values() ?? [])];
    const [a, b] = [chainsOf(pooled[0] as (typeof pooled)[number]), chainsOf(pooled[1] as (typeof pooled)[number])];
    assert.ok(a.length > 0);
    a.forEach((chain, i) => assert.equal(b[i]?.index, chain.index, chain.name));
    assert.notEqual(chainsOf(own[0] as (typeof own)[number])[0]?.index, a[0]?.index);
    // a table's chains are made when asked for, once
    const nat = pooled[2]?.tables.get('nat')?.chains;
    assert.equal(nat?.get('PREROUTING'), nat?.get('PREROUTING'));
    assert.equal(nat?.get('NO-SUCH-CHAIN'), undefined);
    assert.equal(nat?.has('NO-SUCH-CHAIN'), false);
    assert.equal(nat?.size, [...(nat?.keys() ?? [])].length);
    for (let p = 0; p < 200; p++) {
      const dst = ADDRESSES[Math.floor(rnd() * ADDRESSES.length)] as string;
      const dport = PORTS[Math.floor(rnd() * PORTS.length)] as number;
      const input = tableInput('nat', 'PREROUTING', { packet: { src: '10.0.0.1', dst, proto: 'tcp', dport, mark: 0 } });
      hosts.forEach((_, h) =>
        assert.deepEqual(evaluateTable(pooled[h] as (typeof pooled)[number], input), evaluateTable(own[h] as (typeof own)[number], input)),
      );
    }
  });
});
