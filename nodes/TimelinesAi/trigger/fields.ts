import type { IHookFunctions, INodeProperties, INodePropertyOptions, IWebhookFunctions } from 'n8n-workflow';

import type { WebhookEventType } from '../protocol';

const DEFAULT_EVENTS: WebhookEventType[] = ['message:received:new', 'message:sent:new'];

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

/** Messages the trigger remembers to recognise a repeated delivery (the Remember Last option's default). */
export const DEFAULT_DEDUP_WINDOW = 1000;

export const EVENT_LABEL = Object.fromEntries(
	Object.entries(EVENT_LABELS).map(([value, [name]]) => [value, name]),
) as Record<WebhookEventType, string>;

export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(EVENT_LABELS)
	.map(([value, [name, description, action]]) => ({ name, value, description, action }))
	.sort((a, b) => a.name.localeCompare(b.name));


export const DEFAULT_MAX_ATTACHMENT_MB = 25;
export const DEFAULT_BINARY_PREFIX = 'attachment_';

const automatic = { show: { setup: ['automatic'] } };
const manual = { show: { setup: ['manual'] } };

const DIRECTION_OPTIONS = [
	{ name: 'Received and Sent', value: 'both' },
	{ name: 'Received Only', value: 'received' },
	{ name: 'Sent Only', value: 'sent' },
];

/**
 * From version 2 the Events (Message Received, Message Sent, Any Message) already say the direction, so
 * Direction is asked only for manual setup; version 1 keeps asking it in both setups, as saved workflows expect.
 */
const directionProperties: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: DIRECTION_OPTIONS,
		default: 'both',
		description: 'Which messages start the workflow; chat and account events are not affected',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: DIRECTION_OPTIONS,
		default: 'both',
		description: 'Which messages of the Outbound integration start the workflow',
		displayOptions: { show: { setup: ['manual'] }, hide: { '@version': [1] } },
	},
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Webhook Setup',
		name: 'setup',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic (Registered Through the API)',
				value: 'automatic',
				description: 'The node registers its own webhooks in TimelinesAI using the API token of the credential',
			},
			{
				name: 'Manual (Outbound Integration Set Up in TimelinesAI)',
				value: 'manual',
				description: 'You paste this node\'s URL into TimelinesAI → Integrations → Webhooks → Outbound; can deliver bundles',
			},
		],
		default: 'automatic',
	},
	{
		displayName:
			'Registers one TimelinesAI webhook per chosen event when activated (or listening for a test event) and removes them when deactivated. A workspace has at most 10.',
		name: 'automaticNotice',
		type: 'notice',
		default: '',
		displayOptions: automatic,
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [...DEFAULT_EVENTS],
		required: true,
		description: 'What starts the workflow. Each event uses one of the workspace\'s 10 webhooks.',
		displayOptions: automatic,
	},
	{
		displayName:
			'Paste the Production URL followed by ?secret=&lt;your URL Secret&gt; into TimelinesAI → Integrations → Webhooks → Outbound and switch it on. Every aggregation works.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: manual,
	},
	{
		displayName: 'URL Secret',
		name: 'manualSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Required: only deliveries whose URL ends with ?secret=&lt;this value&gt; are accepted; others get HTTP 401 and start nothing. At least 16 letters, digits, - _ . or ~ (no spaces, #, & or +). Left empty, activating offers a freshly made one.',
		displayOptions: manual,
	},
	...directionProperties,
	{
		displayName: 'Chat Kind',
		name: 'chatKind',
		type: 'options',
		options: [
			{ name: 'Direct and Group Chats', value: 'both' },
			{ name: 'Direct Chats Only', value: 'direct' },
			{ name: 'Group Chats Only', value: 'group' },
		],
		default: 'both',
		description: 'Which chats\' messages and chat events start the workflow; account events are not affected',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Binary Property Prefix',
				name: 'binaryPrefix',
				type: 'string',
				default: DEFAULT_BINARY_PREFIX,
				description: 'Downloaded attachments are stored as &lt;prefix&gt;0, &lt;prefix&gt;1, … in the order of the item\'s attachments',
			},
			{
				displayName: 'Bundles',
				name: 'bundles',
				type: 'options',
				options: [
					{
						name: 'Split Into One Item per Message',
						value: 'split',
						description: 'Each message of a bundle becomes its own item, with its chat and account',
					},
					{
						name: 'Keep as One Item',
						value: 'keep',
						description: 'One item per bundle, with its messages and TimelinesAI\'s ready-made HTML, e.g. for a CRM note',
					},
				],
				default: 'split',
				description: 'How bundles from the Outbound integration (aggregation 1 to 24 hours) become items',
			},
			{
				displayName: 'Download Attachments',
				name: 'downloadAttachments',
				type: 'boolean',
				default: false,
				description:
					'Whether to download attachments into binary properties right away (their links expire after 15 minutes). A failed download keeps the item and says why in the attachment\'s download_error.',
			},
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description: 'Whether a message delivered again (by a retry, or by two overlapping webhooks) is dropped',
			},
			{
				displayName: 'Include Original Delivery',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the delivery exactly as TimelinesAI sent it, under "raw"',
			},
			{
				displayName: 'Max Attachment Size (MB)',
				name: 'maxAttachmentMb',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: DEFAULT_MAX_ATTACHMENT_MB,
				description: 'Larger attachments are not downloaded; the item still arrives, with the reason',
			},
			{
				displayName: 'Remembered Messages',
				name: 'dedupWindow',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_DEDUP_WINDOW,
				description: 'How many recent messages are remembered to recognise repeats',
			},
		],
	},
];

// Reading them (the node's lifecycle and its deliveries read the same fields)

export type Setup = 'automatic' | 'manual';

export function setupOf(ctx: IHookFunctions | IWebhookFunctions): Setup {
	return ctx.getNodeParameter('setup', 'automatic') as Setup;
}

export function chosenEvents(ctx: IHookFunctions | IWebhookFunctions): WebhookEventType[] {
	return ctx.getNodeParameter('events', []) as WebhookEventType[];
}
