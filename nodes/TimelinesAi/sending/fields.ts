import type { INodeProperties } from 'n8n-workflow';

import { FIELD } from '../shared/labels';
import { countryOptions } from '../shared/phone';

/** Shown on top of the older TimelinesAI Send node, which keeps working in the workflows that use it. */
export const legacyNotice: INodeProperties = {
	displayName:
		'This is the older TimelinesAI Send node; it keeps working. New workflows use the TimelinesAI node (Message → Send), which also picks chats and sender accounts from lists.',
	name: 'legacyNotice',
	type: 'notice',
	default: '',
};

/** The Send node's fields, in the order the user fills them in. Names are read by `request.ts`. */
export const sendProperties: INodeProperties[] = [
	{
		displayName: FIELD.sendTo,
		name: 'sendTo',
		type: 'options',
		noDataExpression: false,
		options: [
			{
				name: 'Chat ID',
				value: 'chatId',
				description: "A chat's number in TimelinesAI (from the chat's address, or the chat's ID in the TimelinesAI Trigger's output); works for groups",
			},
			{
				name: 'Chat Name',
				value: 'chatName',
				description: 'The exact name of a chat or group as shown in TimelinesAI',
			},
			{
				name: 'JID',
				value: 'jid',
				description: "A WhatsApp ID, e.g. 14155550100@s.whatsapp.net for a contact or 120363012345678901@g.us for a group",
			},
			{
				name: 'Phone',
				value: 'phone',
				description: 'A phone number; a new chat is started if there is none yet',
			},
		],
		default: 'phone',
		description: 'How to identify the one contact or group this message goes to',
	},
	{
		displayName: FIELD.phone,
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550100',
		description:
			'Phone number of the contact, best in international format with + and country code. Spaces, dashes and brackets are fine; numbers without + need a Default Country (under Options).',
		displayOptions: { show: { sendTo: ['phone'] } },
	},
	{
		displayName: FIELD.chatId,
		name: 'chatId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '77234',
		description: "The chat's number in TimelinesAI: the number in the chat's address, or the chat's ID in the TimelinesAI Trigger's output",
		displayOptions: { show: { sendTo: ['chatId'] } },
	},
	{
		displayName: FIELD.jid,
		name: 'jid',
		type: 'string',
		default: '',
		required: true,
		placeholder: '14155550100@s.whatsapp.net',
		description: 'WhatsApp ID of a contact (…@s.whatsapp.net) or a group (…@g.us)',
		displayOptions: { show: { sendTo: ['jid'] } },
	},
	{
		displayName: FIELD.chatName,
		name: 'chatName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Acme Support Group',
		description: 'Exact name of the chat or group as shown in TimelinesAI',
		displayOptions: { show: { sendTo: ['chatName'] } },
	},
	{
		displayName: FIELD.text,
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'Hi {{ $json.name }}, your order has shipped.',
		description:
			'The message. Plain text: line breaks are kept, there is no other formatting. May be empty only when a file is attached.',
	},
	{
		displayName: FIELD.attachment,
		name: 'attachment',
		type: 'options',
		options: [
			{ name: 'None', value: 'none', description: 'Text only (1 credit)' },
			{
				name: 'From URL',
				value: 'url',
				description: 'A direct download link that TimelinesAI fetches (2 credits with text, 1 without)',
			},
			{
				name: 'From Binary Property',
				value: 'binary',
				description: 'A file from an earlier node; uploaded with the API token (2 credits with text, 1 without)',
			},
		],
		default: 'none',
		description: 'Whether to send one file with the message (at most 2 MB)',
	},
	{
		displayName: FIELD.fileUrl,
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/files/invoice-1042.pdf',
		description:
			'Direct download link to the file (opening it must download the file itself, not show a page). At most 2 MB.',
		displayOptions: { show: { attachment: ['url'] } },
	},
	{
		displayName: FIELD.binaryProperty,
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to be sent',
		description: 'Name of the binary property holding the file, usually "data". At most 2 MB.',
		displayOptions: { show: { attachment: ['binary'] } },
	},
	{
		displayName: FIELD.fileName,
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'invoice-1042.pdf',
		description:
			"Name the contact sees for the file. Leave empty to use the binary file's own name, or the name at the end of the link.",
		displayOptions: { show: { attachment: ['url', 'binary'] } },
	},
	{
		displayName: FIELD.options,
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: FIELD.checkFileLink,
				name: 'checkFileLink',
				type: 'boolean',
				default: true,
				displayOptions: { show: { '/attachment': ['url'] } },
				description:
					'Whether to look at the file link before sending, and stop if it is a web page (a share page) or larger than 2 MB, before any credit is spent',
			},
			{
				displayName: FIELD.defaultCountry,
				name: 'defaultCountry',
				type: 'options',
				options: [{ name: 'None (Numbers Must Start With +)', value: '' }, ...countryOptions()],
				default: '',
				description: 'Country of phone numbers written without + and country code, e.g. (415) 555-0100',
			},
			{
				displayName: FIELD.senderPhone,
				name: 'senderPhone',
				type: 'string',
				default: '',
				placeholder: '+15105566777',
				description:
					"Which connected WhatsApp account sends, overriding the credential's default sender. TimelinesAI ignores it when sending to a Chat ID, because a chat belongs to one account.",
			},
			{
				displayName: FIELD.sendRepeatsOnce,
				name: 'sendRepeatsOnce',
				type: 'boolean',
				default: true,
				description:
					'Whether items with the same recipient, text and file in one run send one message. The repeats are not sent: their output shows the first message\'s ID and a note. Turn off to send every item, repeats too.',
			},
			{
				displayName: FIELD.timeout,
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'How long to wait for TimelinesAI (and the file link) to answer',
			},
		],
	},
];
