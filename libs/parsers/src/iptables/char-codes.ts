/** The UTF-16 code units the iptables readers compare with `charCodeAt` (no string made per character). */
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33;
export const QUOTE = 34;
export const HASH = 35;
export const STAR = 42;
export const DASH = 45;
export const ZERO = 48;
export const NINE = 57;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
