/** The TimelinesAI wire shapes the nodes use, each defined once (the sandbox reads the spec with schemas of its own). */
export * from './common';
export * from './send-webhook';
export * from './outbound-integration';
export * from './api-webhooks';
export * from './public-api';
