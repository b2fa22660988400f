/** A problem found while reading a snapshot file, located precisely enough to act on. */
export interface ParseIssue {
  /** Path of the file inside the snapshot, e.g. `hosts/gw/iptables-save.txt`. */
  file: string;
  /** 1-based line number; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based column of the offending token; 0 when not applicable. */
  column: number;
  message: string;
  /** The offending line, verbatim (empty when line is 0). */
  text: string;
}

/** What every parser returns: the value it could build, and every error it met. */
export interface ParseResult<T> {
  value: T;
  errors: ParseIssue[];
}
