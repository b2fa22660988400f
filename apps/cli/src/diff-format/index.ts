export * from './format-behavioural';
export * from './format-diff-text';
export * from './format-structural';
