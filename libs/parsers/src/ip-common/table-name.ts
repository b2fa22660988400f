/**
 * Canonical routing-table name. iproute2 prints the names from /etc/iproute2/rt_tables (`local` 255,
 * `main` 254, `default` 253) and the decimal id for the others; JSON may carry either form.
 */
export function canonicalTable(value: string | number): string {
  const text = String(value).trim();
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    switch (id) {
      case 255:
        return 'local';
      case 254:
        return 'main';
      case 253:
        return 'default';
      default:
        return String(id);
    }
  }
  return text;
}
