import type { ParseIssue } from '@hookpath/model';
import { fileIssue } from '../issue';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed reads of fields of one JSON object printed by `ip -j`; a field of the wrong type becomes an
 * issue naming its path (`[3].addr_info[0].prefixlen`), since JSON values carry no line numbers.
 */
export class JsonFields {
  constructor(
    readonly object: JsonObject,
    readonly path: string,
    private readonly file: string,
    private readonly issues: ParseIssue[],
  ) {}

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.object, key);
  }

  private wrongType(key: string, expected: string): undefined {
    this.issues.push(fileIssue(this.file, `${this.path}.${key}: expected ${expected}, got ${JSON.stringify(this.object[key])}`));
    return undefined;
  }

  /** A string field; absent or null gives undefined. */
  string(key: string): string | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : this.wrongType(key, 'a string');
  }

  /** A number field; absent or null gives undefined. */
  number(key: string): number | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : this.wrongType(key, 'a number');
  }

  /** A field printed as a name or a number (tables, protocols, groups): returned as text. */
  text(key: string): string | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.wrongType(key, 'a string or a number');
  }

  /** A boolean field; iproute2 prints some switches as 0/1 numbers, accepted too. */
  boolean(key: string): boolean | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 0 || value === 1) return value === 1;
    return this.wrongType(key, 'a boolean');
  }

  /** An array of strings; absent gives an empty array. */
  strings(key: string): string[] {
    const value = this.object[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return [...value];
    this.wrongType(key, 'an array of strings');
    return [];
  }

  /** A nested object; absent gives undefined. */
  child(key: string): JsonFields | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (!isJsonObject(value)) return this.wrongType(key, 'an object');
    return new JsonFields(value, `${this.path}.${key}`, this.file, this.issues);
  }

  /** An array of objects; absent gives an empty array. */
  children(key: string): JsonFields[] {
    const value = this.object[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.wrongType(key, 'an array');
      return [];
    }
    const result: JsonFields[] = [];
    value.forEach((item, index) => {
      const itemPath = `${this.path}.${key}[${index}]`;
      if (isJsonObject(item)) result.push(new JsonFields(item, itemPath, this.file, this.issues));
      else this.issues.push(fileIssue(this.file, `${itemPath}: expected an object, got ${JSON.stringify(item)}`));
    });
    return result;
  }

  /** Reports a field whose value is of the right type but not meaningful. */
  invalid(key: string, message: string): void {
    this.issues.push(fileIssue(this.file, `${this.path}.${key}: ${message}`));
  }
}

/**
 * The top-level array every `ip -j ... show` prints, one JsonFields per element. Anything else is an
 * issue; an empty file is an empty list.
 */
export function topLevelObjects(value: unknown, file: string, issues: ParseIssue[]): JsonFields[] {
  if (!Array.isArray(value)) {
    issues.push(fileIssue(file, 'expected a JSON array (the output of `ip -j ... show`)'));
    return [];
  }
  const result: JsonFields[] = [];
  value.forEach((item, index) => {
    if (isJsonObject(item)) result.push(new JsonFields(item, `[${index}]`, file, issues));
    else issues.push(fileIssue(file, `[${index}]: expected an object, got ${JSON.stringify(item)}`));
  });
  return result;
}
