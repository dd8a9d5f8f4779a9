import type { BundleItem, ItemMessage, TriggerItem } from './item-schema';
import { BUNDLE_EVENT } from './item-schema';

function messageOnly(item: TriggerItem): ItemMessage {
	const { direction, text, timestamp, message_uid, reply_to_uid, origin, sender, recipient, attachments } = item;
	return { direction, text, timestamp, message_uid, reply_to_uid, origin, sender, recipient, attachments };
}

/**
 * "Bundles: Keep as One Item": the bundle's messages that passed filters and deduplication, back in one
 * item with their shared chat and account. `aggregation_html` is TimelinesAI's text for the whole bundle.
 */
export function toBundleItem(messages: TriggerItem[], aggregationHtml: string | null): BundleItem {
	const [first] = messages;
	return {
		event: BUNDLE_EVENT,
		source: first.source,
		chat: first.chat,
		account: first.account,
		messages: messages.map(messageOnly),
		first_message_timestamp: first.bundle?.first_message_timestamp ?? null,
		last_message_timestamp: first.bundle?.last_message_timestamp ?? null,
		aggregation_html: aggregationHtml,
		received_at: first.received_at,
	};
}
