/**
 * The OVN match language (ovn-sb(5) "Logical_Flow match"; lib/expr.c of OVN 23.03) as it appears in
 * ACL and Logical_Router_Policy rows. The tree keeps what was written — field names, value formats,
 * `{ }` sets, `$address_set` and `@port_group` references — so it can be shown back to the user;
 * prerequisites (`tcp.dst` needs `tcp`) are applied when the match is evaluated, not here.
 * Plain JSON: numbers wider than 53 bits are decimal strings.
 */
export type OvnMatchExpr =
  OvnMatchBoolean | OvnMatchAnd | OvnMatchOr | OvnMatchNot | OvnMatchComparison | OvnMatchRange | OvnMatchFieldTest | OvnMatchCall;

/** `1` or `0` written as a whole expression. */
export interface OvnMatchBoolean {
  kind: 'boolean';
  value: boolean;
}

/** `a && b && ...`: a chain at one level (parentheses make nested nodes). */
export interface OvnMatchAnd {
  kind: 'and';
  operands: OvnMatchExpr[];
}

/** `a || b || ...`. */
export interface OvnMatchOr {
  kind: 'or';
  operands: OvnMatchExpr[];
}

/** `!x`; OVN requires x to be parenthesised, a bare field, a constant or a function call. */
export interface OvnMatchNot {
  kind: 'not';
  operand: OvnMatchExpr;
}

export type OvnMatchRelop = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `field op value` or `field op { v1, v2, ... }`. With several values (a set, an address set or a
 * port group), `==` means "equals one of them" and every other operator "holds for each of them".
 * `constantFirst` records `80 == tcp.dst` (printed that way again); `op` is then already turned
 * around so that it always reads `field op values`.
 */
export interface OvnMatchComparison {
  kind: 'cmp';
  field: OvnMatchField;
  op: OvnMatchRelop;
  values: OvnMatchValue[];
  /** The values were written in `{ }`. */
  braces: boolean;
  constantFirst?: true;
}

/** `low < field < high` (or with `<=`), or the descending form `high > field > low`. */
export interface OvnMatchRange {
  kind: 'range';
  field: OvnMatchField;
  /** The left constant and operator as written: `left leftOp field`. */
  left: OvnMatchValue;
  leftOp: '<' | '<=' | '>' | '>=';
  /** `field rightOp right`. */
  rightOp: '<' | '<=' | '>' | '>=';
  right: OvnMatchValue;
}

/** A field on its own (`ip4`, `tcp`, `ct.est`, `flags.loopback`): a predicate, or "field != 0". */
export interface OvnMatchFieldTest {
  kind: 'field';
  field: OvnMatchField;
}

/** A function of the language; OVN 23.03 has one. */
export interface OvnMatchCall {
  kind: 'call';
  function: 'is_chassis_resident';
  /** The logical port name. */
  port: string;
}

/** `ip4.src`, or a subfield `reg0[0..3]` / `reg0[5]`. */
export interface OvnMatchField {
  name: string;
  /** Bit range of a subfield, inclusive, as written. */
  bits?: { low: number; high: number };
}

export type OvnMatchValue =
  OvnMatchInteger | OvnMatchIpv4 | OvnMatchIpv6 | OvnMatchMac | OvnMatchString | OvnMatchAddressSetRef | OvnMatchPortGroupRef;

/** `80`, `0x10`, `0x10/0x10`, `5/7`. Value and mask are decimal digit strings. */
export interface OvnMatchInteger {
  kind: 'integer';
  format: 'decimal' | 'hex';
  value: string;
  mask?: string;
}

/** `10.0.0.1`, `10.16.0.0/16` (prefixLength) or `10.0.0.0/255.255.0.0` (mask). Address as written. */
export interface OvnMatchIpv4 {
  kind: 'ipv4';
  address: string;
  prefixLength?: number;
  mask?: string;
}

/** `fd00::1`, `fd00::/64`, `::1/::ffff`. Address as written (lower case). */
export interface OvnMatchIpv6 {
  kind: 'ipv6';
  address: string;
  prefixLength?: number;
  mask?: string;
}

/** `00:00:00:00:00:01`, optionally `/ff:ff:ff:00:00:00`; lower case. */
export interface OvnMatchMac {
  kind: 'mac';
  address: string;
  mask?: string;
}

/** `"pod1.ns"`, unescaped. */
export interface OvnMatchString {
  kind: 'string';
  value: string;
}

/** `$name`: the addresses of NB Address_Set `name`. */
export interface OvnMatchAddressSetRef {
  kind: 'addressSet';
  name: string;
}

/** `@name`: the logical ports of NB Port_Group `name`. */
export interface OvnMatchPortGroupRef {
  kind: 'portGroup';
  name: string;
}

export * from './ovn-match-symbols';
