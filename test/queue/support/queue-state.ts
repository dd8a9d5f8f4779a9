import type { QueueStartTimings } from '../../tools/n8n/queue/topology';
import { readSharedN8n, type SharedN8nState } from '../../e2e/support/shared-n8n';

/**
 * What test/queue/global-setup.ts tells the test files: the e2e state (its `baseUrl` is the balancer, so the e2e
 * helpers work unchanged) plus the webhook processes, reached one by one.
 */
export interface QueueState extends SharedN8nState {
	webhookProcessUrls: string[];
	timings: QueueStartTimings;
}

/** The queue project's name for its state (jest.queue.config.js globals), beside the e2e projects' release names. */
export const QUEUE_STATE_NAME = 'queue';

export function readQueueState(): QueueState {
	return readSharedN8n() as QueueState;
}
