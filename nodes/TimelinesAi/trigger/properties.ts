import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_DEDUP_WINDOW } from './dedup';
import { DEFAULT_EVENTS, EVENT_OPTIONS } from './events';

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
			'Paste the Production URL above into TimelinesAI → Integrations → Webhooks → Outbound and switch it on; add ?secret=… if you set a URL Secret. Every aggregation works.',
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
			'Optional. When set, only deliveries whose URL ends with ?secret=&lt;this value&gt; are accepted; others get HTTP 401 and start nothing.',
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
