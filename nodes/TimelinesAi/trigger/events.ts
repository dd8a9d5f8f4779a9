import type { INodePropertyOptions } from 'n8n-workflow';

import { V2_MESSAGE_EVENT_TYPES, type Direction, type WebhookEventType } from '../protocol';

export const ANY_MESSAGE_EVENT: WebhookEventType = 'message:new';
export const REACTION_EVENT: WebhookEventType = 'message:reaction';

/** Legacy deliveries carry no event type; their messages get the v2 name of the same event. */
export const MESSAGE_EVENT_BY_DIRECTION: Record<Direction, WebhookEventType> = {
	received: 'message:received:new',
	sent: 'message:sent:new',
};

export const DEFAULT_EVENTS: WebhookEventType[] = ['message:received:new', 'message:sent:new'];

/** Labels for every event type TimelinesAI can register; each chosen one uses one of the workspace's 10 webhooks. */
const EVENT_LABELS: Record<WebhookEventType, [name: string, description: string]> = {
	'message:new': ['Any Message', 'A message was received or sent (one webhook instead of two)'],
	'message:received:new': ['Message Received', 'A WhatsApp message arrived'],
	'message:sent:new': ['Message Sent', 'A message was sent, from TimelinesAI, the phone app or the API'],
	'message:reaction': ['Message Reaction', 'Someone reacted to a message'],
	'chat:new': ['New Chat', 'A chat was created'],
	'chat:incoming:new': ['New Incoming Chat', 'A contact started a new chat'],
	'chat:outgoing:new': ['New Outgoing Chat', 'A teammate started a new chat'],
	'chat:responsible:assigned': ['Chat Assigned', 'A chat was assigned to a teammate'],
	'chat:responsible:unassigned': ['Chat Unassigned', 'A chat lost its responsible teammate'],
	'whatsapp:account:connected': ['WhatsApp Account Connected', 'A WhatsApp account was connected'],
	'whatsapp:account:disconnected': ['WhatsApp Account Disconnected', 'A WhatsApp account was disconnected'],
	'whatsapp:account:suspended': ['WhatsApp Account Suspended', 'A WhatsApp account was suspended'],
	'whatsapp:account:resumed': ['WhatsApp Account Resumed', 'A suspended WhatsApp account was resumed'],
	'call:incoming:missed': ['Missed Call', 'An incoming WhatsApp call was missed'],
	'call:incoming:ended': ['Incoming Call Ended', 'An incoming WhatsApp call ended'],
	'call:outgoing:ended': ['Outgoing Call Ended', 'An outgoing WhatsApp call ended'],
};

export const EVENT_LABEL = Object.fromEntries(
	Object.entries(EVENT_LABELS).map(([value, [name]]) => [value, name]),
) as Record<WebhookEventType, string>;

/** The node creator's entry for an event, "On WhatsApp account connected" (n8n's own would read "On whats app …"). */
function eventAction(name: string): string {
	return `On ${name
		.split(' ')
		.map((word) => (word === 'WhatsApp' ? word : word.toLowerCase()))
		.join(' ')}`;
}

export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(EVENT_LABELS)
	.map(([value, [name, description]]) => ({ name, value, description, action: eventAction(name) }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Message events, including the "any message" name legacy messages get when their direction is missing. */
export function isMessageEvent(event: string): boolean {
	return (V2_MESSAGE_EVENT_TYPES as readonly string[]).includes(event);
}
