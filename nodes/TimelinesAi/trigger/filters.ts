import type { Direction } from '../protocol';
import { ANY_MESSAGE_EVENT, MESSAGE_EVENT_BY_DIRECTION, isMessageEvent } from './events';
import type { TriggerItem } from './item-schema';

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
