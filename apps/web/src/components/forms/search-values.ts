// Readers of URL search values: the router hands over whatever the URL held (strings, numbers, booleans).

export function searchString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function searchInt(value: unknown, min: number, max: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export function searchBool(value: unknown): true | undefined {
  return value === true || value === 'true' || value === '1' ? true : undefined;
}

export function searchEnum<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Drops undefined entries, so the URL carries only what is set. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A number input's text as an integer in range, or undefined while it is empty or not one. */
export function inputInt(text: string, min: number, max: number): number | undefined {
  return searchInt(text.trim(), min, max);
}
