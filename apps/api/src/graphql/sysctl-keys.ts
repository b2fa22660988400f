/** Whether a sysctl key is one of `patterns`, where `*` stands for one dotted segment (an interface name). */
export function sysctlKeyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const wild = patterns
    .filter((p) => p.includes('*'))
    .map(
      (p) =>
        new RegExp(
          `^${p
            .split('*')
            .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^.]+')}$`,
        ),
    );
  return (key) => exact.has(key) || wild.some((re) => re.test(key));
}
