/** A capture or creation time as people read it, in UTC so everyone in an incident sees the same text. */
export function formatTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return 'unknown';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
