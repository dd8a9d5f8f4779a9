import { createHash, randomUUID } from 'crypto';
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
/** The static-data key naming this trigger's memory in each n8n process. */
const MEMORY_ID_KEY = 'seenMessagesMemory';

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

/** Recent keys in the order first seen, at most `size` of them, forgetting the oldest first. */
class KeyWindow {
	private readonly order: string[] = [];

	private readonly known = new Set<string>();

	constructor(readonly size: number) {}

	has(key: string): boolean {
		return this.known.has(key);
	}

	add(key: string): void {
		if (this.known.has(key)) return;
		this.known.add(key);
		this.order.push(key);
		while (this.order.length > this.size) this.known.delete(this.order.shift() as string);
	}
}

/**
 * This n8n process's own memory of recent messages, per trigger. n8n reads static data from its database when a
 * delivery arrives and writes all of it back once the node is done, so deliveries handled at the same time miss each
 * other's messages, and the last write drops the others' keys. Deliveries reaching one process at the same time all
 * see this memory at once.
 */
const processMemory = new Map<string, KeyWindow>();
/** Triggers remembered per process; the longest unused is dropped first. */
const MAX_TRIGGERS_IN_PROCESS = 500;

function processWindow(scope: string, size: number): KeyWindow {
	let window = processMemory.get(scope);
	processMemory.delete(scope);
	if (!window || window.size !== size) window = new KeyWindow(size);
	processMemory.set(scope, window);
	if (processMemory.size > MAX_TRIGGERS_IN_PROCESS) processMemory.delete(processMemory.keys().next().value as string);
	return window;
}

/**
 * The keys of recently emitted messages, bounded to `window` keys: kept in the workflow's static data, so that a
 * redelivery after a restart or on another n8n process is still recognised, and in this process's memory, so that
 * deliveries handled at the same moment are. The process memory belongs to an id kept in the static data (fresh
 * static data, fresh memory) and to the execution mode (a test listener shares nothing with the active workflow).
 */
export class RecentMessages {
	private readonly keys: string[];

	private readonly known: Set<string>;

	private readonly inProcess: KeyWindow | undefined;

	constructor(
		private readonly staticData: IDataObject,
		private readonly window: number,
		mode = '',
	) {
		const stored = staticData[SEEN_KEY];
		this.keys = Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [];
		this.known = new Set(this.keys);
		if (window <= 0) return;
		if (typeof staticData[MEMORY_ID_KEY] !== 'string') staticData[MEMORY_ID_KEY] = randomUUID();
		this.inProcess = processWindow(`${staticData[MEMORY_ID_KEY] as string}:${mode}`, window);
	}

	/** True when the item was seen before; otherwise remembers it. Items without identity are always new. */
	isRepeat(item: TriggerItem): boolean {
		const key = dedupKey(item);
		if (key === null || !this.inProcess) return false;
		const repeat = this.known.has(key) || this.inProcess.has(key);
		// Either memory may have lost a key the other kept (a restart, an overlapping save): both learn it again.
		if (!this.known.has(key)) {
			this.known.add(key);
			this.keys.push(key);
		}
		this.inProcess.add(key);
		return repeat;
	}

	/** Writes the bounded list back; n8n persists static data when it changed. */
	save(): void {
		if (this.window <= 0) return;
		this.staticData[SEEN_KEY] = this.keys.slice(-this.window);
	}
}
