import { createHash, randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isMessageEvent, REACTION_EVENT, type TriggerItem } from './item';

/** Deduplication: a message TimelinesAI delivers again (a retry, a bundle sent twice) starts no second execution. */

export const DEFAULT_DEDUP_WINDOW = 1000;

/** The static-data key holding the most recent message keys, oldest first. */
const SEEN_KEY = 'seenMessages';
/** The static-data key naming this trigger's memory in each n8n process. */
const MEMORY_ID_KEY = 'seenMessagesMemory';

function person(value: TriggerItem['sender']): [string | null, string | null] | null {
	return value && [value.name, value.phone];
}

/**
 * Everything that tells one message apart when it has no uid: in a group, two members writing "ok" in the same
 * second differ only by sender (their phone is empty in groups, so the name counts). The temporary download link
 * is left out because a redelivery may carry a fresh one; the bundle's `message_id` because TimelinesAI calls it
 * unused in bundles, so nothing says it stays the same when a bundle is sent again.
 */
function fingerprint(item: TriggerItem): string {
	const attachments = item.attachments.map(({ filename, size, mimetype }) => [filename, size, mimetype]);
	const what = [
		item.message_uid,
		item.chat?.id ?? null,
		item.account?.phone ?? null,
		item.direction,
		item.timestamp,
		person(item.sender),
		person(item.recipient),
		item.text,
		attachments,
	];
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
 * The identities of one delivery's items. Two fingerprints that are still equal are two messages nothing tells
 * apart (one person sending the same text twice in a second): the second is numbered `#1`, the third `#2`, …
 * The numbering counts only equal messages, not the bundle position, so it stays the same when the bundle comes
 * again, even with other messages added before them. A uid is unique by itself: listed twice, it is one message.
 */
export function dedupKeys(items: TriggerItem[]): Array<string | null> {
	const occurrences = new Map<string, number>();
	return items.map((item) => {
		const key = dedupKey(item);
		if (key === null || key.startsWith('uid:')) return key;
		const earlier = occurrences.get(key) ?? 0;
		occurrences.set(key, earlier + 1);
		return earlier === 0 ? key : `${key}#${earlier}`;
	});
}

/** Recent keys, oldest first, forgetting the oldest first. */
class KeyWindow {
	private readonly keys = new Set<string>();

	/** `size`, or the largest delivery seen, so a large bundle is not pushed out by itself or by one beside it. */
	private capacity: number;

	constructor(readonly size: number) {
		this.capacity = size;
	}

	has(key: string): boolean {
		return this.keys.has(key);
	}

	/** Remembers `key` as the newest, for a delivery that has brought `deliverySize` keys so far. */
	add(key: string, deliverySize: number): void {
		this.capacity = Math.max(this.capacity, deliverySize);
		this.keys.delete(key);
		this.keys.add(key);
		for (const oldest of this.keys) {
			if (this.keys.size <= this.capacity) break;
			this.keys.delete(oldest);
		}
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
 * Both hold at least every key of the current delivery, so a bundle larger than the window is still recognised
 * when it comes again.
 */
export class RecentMessages {
	private readonly stored: string[];

	private readonly known: Set<string>;

	private readonly inProcess: KeyWindow | undefined;

	/** This delivery's keys, each once, in order. */
	private readonly delivery = new Set<string>();

	constructor(
		private readonly staticData: IDataObject,
		private readonly window: number,
		mode = '',
	) {
		const stored = staticData[SEEN_KEY];
		this.stored = Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [];
		this.known = new Set(this.stored);
		if (window <= 0) return;
		if (typeof staticData[MEMORY_ID_KEY] !== 'string') staticData[MEMORY_ID_KEY] = randomUUID();
		this.inProcess = processWindow(`${staticData[MEMORY_ID_KEY] as string}:${mode}`, window);
	}

	/** True when the key was seen before; otherwise remembers it. Items without identity (null) are always new. */
	isRepeat(key: string | null): boolean {
		if (key === null || !this.inProcess) return false;
		const repeat = this.known.has(key) || this.inProcess.has(key) || this.delivery.has(key);
		this.delivery.add(key);
		// Remembered at once, so a delivery handled at the same moment already sees it.
		this.inProcess.add(key, this.delivery.size);
		return repeat;
	}

	/**
	 * Writes the bounded list back, this delivery's keys as the newest, only when the delivery brought a key it lacks:
	 * n8n saves the workflow's static data to its database whenever a node assigned to it. A key only the process
	 * memory still had (lost to a restart's reload or an overlapping save) counts as lacking: the list learns it again.
	 */
	save(): void {
		if (!this.inProcess || [...this.delivery].every((key) => this.known.has(key))) return;
		const older = this.stored.filter((key) => !this.delivery.has(key));
		this.staticData[SEEN_KEY] = [...older, ...this.delivery].slice(-Math.max(this.window, this.delivery.size));
	}
}
