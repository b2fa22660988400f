import { Prisma } from './generated/prisma/client';

/**
 * The model types are plain JSON-compatible data (strings, numbers, booleans, arrays, objects);
 * these helpers only tell Prisma so, without copying.
 */
export function toJson<T extends object>(value: T): Prisma.InputJsonValue {
  return value as unknown as Prisma.InputJsonValue;
}

/** A nullable Json column: null means "not captured" and is stored as SQL NULL. */
export function toNullableJson<T extends object>(value: T | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : toJson(value);
}

export function fromJson<T>(value: Prisma.JsonValue): T {
  return value as unknown as T;
}

export function fromNullableJson<T>(value: Prisma.JsonValue | null): T | null {
  return value === null ? null : fromJson<T>(value);
}
