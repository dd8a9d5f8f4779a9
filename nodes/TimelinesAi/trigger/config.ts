import type { IDataObject, IWebhookFunctions, IHookFunctions } from 'n8n-workflow';

import type { WebhookEventType } from '../protocol';
import { DEFAULT_DEDUP_WINDOW } from './dedup';
import type { ChatKindFilter, DirectionFilter, ItemFilters } from './filters';
import { DEFAULT_BINARY_PREFIX, DEFAULT_MAX_ATTACHMENT_MB } from './properties';

export type Setup = 'automatic' | 'manual';

export interface TriggerConfig {
	setup: Setup;
	filters: ItemFilters;
	manualSecret: string;
	keepBundles: boolean;
	download: { maxBytes: number; binaryPrefix: string } | null;
	dedupWindow: number;
	includeRaw: boolean;
}

export function chosenEvents(this: IHookFunctions | IWebhookFunctions): WebhookEventType[] {
	return this.getNodeParameter('events', []) as WebhookEventType[];
}

export function setupOf(this: IHookFunctions | IWebhookFunctions): Setup {
	return this.getNodeParameter('setup', 'automatic') as Setup;
}

/** From version 2 the chosen events decide the direction of automatic setups (see `directionProperties`). */
function directionFilter(this: IWebhookFunctions, setup: Setup): DirectionFilter {
	if (setup === 'automatic' && this.getNode().typeVersion >= 2) return 'both';
	return this.getNodeParameter('direction', 'both') as DirectionFilter;
}

/** The node's parameters as the webhook handler uses them. */
export function readConfig(this: IWebhookFunctions): TriggerConfig {
	const setup = setupOf.call(this);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const maxMb = typeof options.maxAttachmentMb === 'number' ? options.maxAttachmentMb : DEFAULT_MAX_ATTACHMENT_MB;
	return {
		setup,
		filters: {
			events: setup === 'automatic' ? chosenEvents.call(this) : undefined,
			direction: directionFilter.call(this, setup),
			chatKind: this.getNodeParameter('chatKind', 'both') as ChatKindFilter,
		},
		manualSecret: setup === 'manual' ? (this.getNodeParameter('manualSecret', '') as string) : '',
		keepBundles: options.bundles === 'keep',
		download: options.downloadAttachments
			? {
					maxBytes: Math.round(maxMb * 1024 * 1024),
					binaryPrefix: (options.binaryPrefix as string | undefined) || DEFAULT_BINARY_PREFIX,
				}
			: null,
		dedupWindow: options.deduplicate === false ? 0 : ((options.dedupWindow as number | undefined) ?? DEFAULT_DEDUP_WINDOW),
		includeRaw: options.includeRaw === true,
	};
}
