import type { INodeProperties } from 'n8n-workflow';

import { FIELD } from '../shared/labels';
import { findChatProperties } from './chat/find';
import { getStatusProperties } from './message/getStatus';
import { sendMessageProperties } from './message/send';

/** The TimelinesAI node's fields: Resource, then Operation (each option's `action` is its entry in the node creator). */
export const timelinesAiProperties: INodeProperties[] = [
	{
		displayName: FIELD.resource,
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Chat', value: 'chat' },
			{ name: 'Message', value: 'message' },
		],
		default: 'message',
	},
	{
		displayName: FIELD.operation,
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get message status',
				description: 'Read whether a sent message was delivered or read, or why it failed (needs the API Token)',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message',
				description: 'Send a WhatsApp message (text, and optionally one file) to a phone number, chat or group',
			},
		],
		default: 'send',
	},
	{
		displayName: FIELD.operation,
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Find',
				value: 'find',
				action: 'Find a chat',
				description: 'Find chats and groups by part of their name (needs the API Token)',
			},
		],
		default: 'find',
	},
	...sendMessageProperties,
	...getStatusProperties,
	...findChatProperties,
];
