/** The TimelinesAI wire shapes the nodes use, each defined once; the sandbox and the tests check against the same ones. */
export * from './common';
export * from './send-webhook';
export * from './outbound-integration';
export * from './api-webhooks';
export * from './public-api';
