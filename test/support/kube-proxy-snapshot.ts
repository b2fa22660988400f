import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths';

/** iptables-save text of a kube-proxy-like ruleset of about `rules` rules (tools/gen-kube-proxy-rules.mjs). */
export function kubeProxyRules(rules: number): string {
  return execFileSync(process.execPath, [join(ROOT, 'tools', 'gen-kube-proxy-rules.mjs'), '--rules', String(rules)], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
}

/** A one-node snapshot whose iptables-save.txt holds about `rules` rules. */
export function kubeProxySnapshotFiles(rules: number): Record<string, string> {
  return {
    'snapshot.yaml': `name: kube-proxy-${rules}\ncluster: scale\n`,
    'hosts/node-1/meta.yaml': 'role: node\n',
    'hosts/node-1/iptables-save.txt': kubeProxyRules(rules),
  };
}
