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

/**
 * For every event type TimelinesAI can register: the option's name, its description, and the name n8n's
 * node creator lists it under (`action`; without it n8n makes "On whats app account connected" from the
 * option's name). Each chosen event uses one of the workspace's 10 webhooks.
 */
const EVENT_LABELS: Record<WebhookEventType, [name: string, description: string, action: string]> = {
	'message:new': ['Any Message', 'A message was received or sent (one webhook instead of two)', 'Message received or sent'],
	'message:received:new': ['Message Received', 'A WhatsApp message arrived', 'Message received'],
	'message:sent:new': ['Message Sent', 'A message was sent, from TimelinesAI, the phone app or the API', 'Message sent'],
	'message:reaction': ['Message Reaction', 'Someone reacted to a message', 'Reaction to a message'],
	'chat:new': ['New Chat', 'A chat was created', 'New chat'],
	'chat:incoming:new': ['New Incoming Chat', 'A contact started a new chat', 'New chat started by a contact'],
	'chat:outgoing:new': ['New Outgoing Chat', 'A teammate started a new chat', 'New chat started by a teammate'],
	'chat:responsible:assigned': ['Chat Assigned', 'A chat was assigned to a teammate', 'Chat assigned to a teammate'],
	'chat:responsible:unassigned': ['Chat Unassigned', 'A chat lost its responsible teammate', 'Chat unassigned'],
	'whatsapp:account:connected': ['WhatsApp Account Connected', 'A WhatsApp account was connected', 'WhatsApp account connected'],
	'whatsapp:account:disconnected': [
		'WhatsApp Account Disconnected',
		'A WhatsApp account was disconnected',
		'WhatsApp account disconnected',
	],
	'whatsapp:account:suspended': ['WhatsApp Account Suspended', 'A WhatsApp account was suspended', 'WhatsApp account suspended'],
	'whatsapp:account:resumed': ['WhatsApp Account Resumed', 'A suspended WhatsApp account was resumed', 'WhatsApp account resumed'],
	'call:incoming:missed': ['Missed Call', 'An incoming WhatsApp call was missed', 'Missed call'],
	'call:incoming:ended': ['Incoming Call Ended', 'An incoming WhatsApp call ended', 'Incoming call ended'],
	'call:outgoing:ended': ['Outgoing Call Ended', 'An outgoing WhatsApp call ended', 'Outgoing call ended'],
};

export const EVENT_LABEL = Object.fromEntries(
	Object.entries(EVENT_LABELS).map(([value, [name]]) => [value, name]),
) as Record<WebhookEventType, string>;

export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(EVENT_LABELS)
	.map(([value, [name, description, action]]) => ({ name, value, description, action }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Message events, including the "any message" name legacy messages get when their direction is missing. */
export function isMessageEvent(event: string): boolean {
	return (V2_MESSAGE_EVENT_TYPES as readonly string[]).includes(event);
}
