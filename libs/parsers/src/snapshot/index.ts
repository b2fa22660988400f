export * from './parse-snapshot';
export * from './host-file-kind';
export * from './parse-host';
export * from './derive-ovn-bindings';
export * from './parse-stored-snapshot';
