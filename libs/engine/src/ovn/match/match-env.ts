/**
 * What a match is evaluated against: one microflow, flat, by OVN field name.
 *
 * `field(name)` answers for the names written in matches: `inport`/`outport` (logical port names),
 * `eth.src`/`eth.dst` (MAC, as bigint or text), `eth.type`, `ip4.src`/`ip4.dst` (bigint or dotted
 * text), `ip.proto`, `ip.ttl`, `tcp.src`/`tcp.dst`, `udp.*`, `icmp4.type`/`code`, `ct.new`, `ct.est`,
 * `ct.rel`, `ct.rpl`, `ct.inv`, `ct.trk` (booleans), `ct_mark`, `ct_label`, `reg0`..`reg9`,
 * `flags.loopback`, ... `undefined` means "not known"; for a subfield (`ct.est`, `reg0`,
 * `ct_label.blocked`, `flags.loopback`) the evaluator then reads the bits of the parent field
 * (`ct_state`, `xxreg0`, `ct_label`, `flags`). A field whose prerequisite is false (`tcp.dst` of a
 * UDP packet) is never asked for. An environment's answers never change: a field is read once per
 * environment, however many matches are evaluated against it.
 */
export interface OvnMatchEnv {
  field(name: string): bigint | string | boolean | undefined;
  /** Addresses of NB Address_Set `name` (`10.16.0.5`, `10.16.0.0/16`, ...); undefined when not captured. */
  addressSet(name: string): string[] | undefined;
  /** Logical port names of NB Port_Group `name`; undefined when not captured. */
  portGroup(name: string): string[] | undefined;
  /** Whether logical port `port` is resident on the chassis running the stage; undefined when not known. */
  chassisResident?(port: string): boolean | undefined;
}

/** A match holds or not, or the environment could not supply `unknown` (a field, `$set`, `@group`, a call). */
export type OvnMatchResult = { value: boolean } | { unknown: string };
