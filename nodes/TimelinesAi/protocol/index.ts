/** Every TimelinesAI wire shape, defined once and shared by the nodes, the sandbox and the tests. */
export * from './common';
export * from './inbound';
export * from './outbound-legacy';
export * from './outbound-v2';
export * from './public-api';
