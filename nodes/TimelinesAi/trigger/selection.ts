import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Direction } from '../protocol';
import { ANY_MESSAGE_EVENT, isMessageEvent, MESSAGE_EVENT_BY_DIRECTION, REACTION_EVENT, type TriggerItem } from './item';

export type DirectionFilter = Direction | 'both';
export type ChatKindFilter = 'direct' | 'group' | 'both';

export interface ItemFilters {
	/** Undefined: every event passes (manual setup, where TimelinesAI decides what is sent). */
	events?: string[];
	direction: DirectionFilter;
	chatKind: ChatKindFilter;
}

/** "Any message" and "message received/sent" describe the same messages, so either choice lets both through. */
function eventSelected(item: TriggerItem, events: string[]): boolean {
	if (events.includes(item.event)) return true;
	const directional = item.direction ? MESSAGE_EVENT_BY_DIRECTION[item.direction] : undefined;
	if (item.event === ANY_MESSAGE_EVENT) return directional !== undefined && events.includes(directional);
	return events.includes(ANY_MESSAGE_EVENT) && directional === item.event;
}

/** Direction only concerns messages; chat, account and call events pass it. */
function directionMatches(item: TriggerItem, direction: DirectionFilter): boolean {
	return direction === 'both' || !isMessageEvent(item.event) || item.direction === direction;
}

/** Chat kind only concerns items that have a chat; account events pass it. */
function chatKindMatches(item: TriggerItem, chatKind: ChatKindFilter): boolean {
	if (chatKind === 'both' || item.chat === null) return true;
	return item.chat.is_group === (chatKind === 'group');
}

export function passesFilters(item: TriggerItem, filters: ItemFilters): boolean {
	return (
		(filters.events === undefined || eventSelected(item, filters.events)) &&
		directionMatches(item, filters.direction) &&
		chatKindMatches(item, filters.chatKind)
	);
}

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
