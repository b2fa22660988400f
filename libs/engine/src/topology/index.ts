export * from './wiring';
export * from './neighbour';
export * from './bridge';
export * from './macvlan';
