/** Injection tokens of values that are not classes. */
export const APP_CONFIG = Symbol('APP_CONFIG');
