import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isMessageEvent, REACTION_EVENT } from './events';
import type { TriggerItem } from './item-schema';

export const DEFAULT_DEDUP_WINDOW = 1000;

/** The static-data key holding the most recent message keys, oldest first. */
const SEEN_KEY = 'seenMessages';

function fingerprint(item: TriggerItem): string {
	const attachments = item.attachments.map(({ filename, size }) => [filename, size]);
	const what = [item.message_uid, item.chat?.id ?? null, item.direction, item.timestamp, item.text, attachments];
	return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 32);
}

/**
 * A message's identity across repeated deliveries: its uid when the shape carries a trustworthy one,
 * else a fingerprint of what it says (bundles may lack `message_uid`, and their `message_id` repeats).
 * A reaction names the message reacted to, so it is told apart by what it says as well. Chat, account
 * and call events have no identity and are never treated as repeats.
 */
export function dedupKey(item: TriggerItem): string | null {
	if (!isMessageEvent(item.event)) return null;
	if (item.event === REACTION_EVENT) return `reaction:${fingerprint(item)}`;
	return item.message_uid ? `uid:${item.message_uid}` : `fp:${fingerprint(item)}`;
}

/**
 * The keys of recently emitted messages, kept in the workflow's static data so that a redelivery after
 * a restart is still recognised; bounded to `window` keys, forgetting the oldest first.
 */
export class RecentMessages {
	private readonly keys: string[];

	private readonly known: Set<string>;

	constructor(
		private readonly staticData: IDataObject,
		private readonly window: number,
	) {
		const stored = staticData[SEEN_KEY];
		this.keys = Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [];
		this.known = new Set(this.keys);
	}

	/** True when the item was seen before; otherwise remembers it. Items without identity are always new. */
	isRepeat(item: TriggerItem): boolean {
		const key = dedupKey(item);
		if (key === null || this.window <= 0) return false;
		if (this.known.has(key)) return true;
		this.known.add(key);
		this.keys.push(key);
		return false;
	}

	/** Writes the bounded list back; n8n persists static data when it changed. */
	save(): void {
		if (this.window <= 0) return;
		const kept = this.keys.slice(-this.window);
		this.staticData[SEEN_KEY] = kept;
	}
}
