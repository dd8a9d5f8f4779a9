/** The TimelinesAI wire shapes the nodes use, each defined once; the sandbox and the tests check against the same ones. */
export * from './common';
export * from './inbound';
export * from './outbound-legacy';
export * from './outbound-v2';
export * from './public-api';
