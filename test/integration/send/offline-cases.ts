import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

/** Credentials whose URLs lead nowhere: every case here must fail before any request is made. */
export const OFFLINE_CREDENTIALS: ICredentialDataDecryptedObject = {
	secretInboundUrl: 'http://127.0.0.1:9/integrations/inbound/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
	apiToken: 'offline-api-token-1234567890',
	apiBaseUrl: 'http://127.0.0.1:9/integrations/api',
};

export interface BadInputCase {
	name: string;
	parameters: INodeParameters;
	item?: INodeExecutionData;
	credentials?: ICredentialDataDecryptedObject;
	message: string;
}

const phone = (value: string, extra: INodeParameters = {}): INodeParameters => ({ sendTo: 'phone', phone: value, text: 'Hello', ...extra });
const binaryItem = (bytes: number, name = 'data'): INodeExecutionData => ({
	json: {},
	binary: { [name]: { data: Buffer.alloc(bytes, 1).toString('base64'), mimeType: 'application/pdf', fileName: 'report.pdf' } },
});

/** Bad input that is refused before anything is sent, each with the exact sentence the user sees. */
export const OFFLINE_CASES: BadInputCase[] = [
	{
		name: 'empty text without a file',
		parameters: phone('+14155550100', { text: '' }),
		message: 'Field "Text" in item 0: is empty and no file is attached, so there is nothing to send. Write a message, or attach a file.',
	},
	{
		name: 'text of only spaces and line breaks without a file',
		parameters: phone('+14155550100', { text: '  \n ' }),
		message: 'Field "Text" in item 0: is empty and no file is attached, so there is nothing to send. Write a message, or attach a file.',
	},
	{
		name: 'no recipient (phone mapped from a missing field)',
		parameters: phone('={{ $json.phone }}'),
		message: 'Field "Phone" in item 0: is empty, so this item has no recipient. Fill it in, or map it from the previous node, e.g. {{ $json.phone }}.',
	},
	{
		name: 'two recipients in one phone field',
		parameters: phone('+1 415 555 0100, +1 415 555 0000'),
		message:
			'Field "Phone" in item 0: "+1 415 555 0100, +1 415 555 0000" holds 2 phone numbers, but one item sends to one recipient. Split the list into one item per number first (for example with the Split Out node).',
	},
	{
		name: 'phone without country code and no default country (INVALID_COUNTRY)',
		parameters: phone('(415) 555-0100'),
		message:
			'Field "Phone" in item 0: "(415) 555-0100" has no country code. Write it in international format starting with + and the country code (e.g. +14155550100), or pick a Default Country in the node\'s options.',
	},
	{
		name: 'unknown country code after + (INVALID_COUNTRY)',
		parameters: phone('+999 1234567'),
		message:
			'Field "Phone" in item 0: "+999 1234567" does not start with a known country code. Check the country code at the start (after + or 00), e.g. +14155550100 for the USA.',
	},
	{
		name: 'unknown country code after 00',
		parameters: phone('00 999 1234567'),
		message:
			'Field "Phone" in item 0: "00 999 1234567" does not start with a known country code. Check the country code at the start (after + or 00), e.g. +14155550100 for the USA.',
	},
	{
		name: 'words instead of a number (NOT_A_NUMBER)',
		parameters: phone('call me maybe'),
		message: 'Field "Phone" in item 0: "call me maybe" is not a phone number. Write the number with digits in international format, e.g. +14155550100.',
	},
	{
		name: 'too short (TOO_SHORT)',
		parameters: phone('+1 415 123'),
		message:
			'Field "Phone" in item 0: "+1 415 123" is too short to be a phone number for country code +1. Check that no digits are missing and that it starts with + and the country code, e.g. +14155550100.',
	},
	{
		name: 'too long (TOO_LONG)',
		parameters: phone('+1415555010012345'),
		message:
			'Field "Phone" in item 0: "+1415555010012345" is too long to be a phone number for country code +1. Check for extra digits, or two numbers run together.',
	},
	{
		name: 'a length no number of that country has (INVALID_LENGTH)',
		parameters: phone('+501 222 12345'),
		message:
			'Field "Phone" in item 0: "+501 222 12345" has a number of digits no phone number for Belize (+501) has. Check the digits and the country code.',
	},
	{
		name: 'too short for the default country',
		parameters: phone('12', { options: { defaultCountry: 'US' } }),
		message:
			'Field "Phone" in item 0: "12" is too short to be a phone number for United States (+1). Check that no digits are missing and that it starts with + and the country code, e.g. +14155550100.',
	},
	{
		name: 'a JID that is an e-mail address',
		parameters: { sendTo: 'jid', jid: 'john@example.com', text: 'Hello' },
		message:
			'Field "JID" in item 0: "john@example.com" is not a WhatsApp JID. A JID looks like 14155550100@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group).',
	},
	{
		name: 'a phone number in the JID field',
		parameters: { sendTo: 'jid', jid: '+1 415 555 0100', text: 'Hello' },
		message:
			'Field "JID" in item 0: "+1 415 555 0100" is a phone number, not a JID. Choose "Phone" under Send To, or write it as a JID such as 14155550100@s.whatsapp.net.',
	},
	{
		name: 'a chat id that is not a number',
		parameters: { sendTo: 'chatId', chatId: 'support', text: 'Hello' },
		message:
			'Field "Chat ID" in item 0: "support" is not a chat id. A chat id is a number such as 77234: open the chat in TimelinesAI and copy the number from its address.',
	},
	{
		name: 'two chat ids',
		parameters: { sendTo: 'chatId', chatId: '77234, 77235', text: 'Hello' },
		message:
			'Field "Chat ID" in item 0: "77234, 77235" holds more than one chat id, but each item takes one chat. Split them into one item each first.',
	},
	{
		name: 'empty chat name',
		parameters: { sendTo: 'chatName', chatName: '   ', text: 'Hello' },
		message:
			'Field "Chat Name" in item 0: is empty, so this item has no recipient. Fill it in, or map it from the previous node, e.g. {{ $json.chatName }}.',
	},
	{
		name: 'file URL mapped from a missing field',
		parameters: phone('+14155550100', { attachment: 'url', fileUrl: '={{ $json.link }}' }),
		message: 'Field "File URL" in item 0: is empty. Paste a direct download link starting with https://, or set Attachment to "None".',
	},
	{
		name: 'file URL that is not an address',
		parameters: phone('+14155550100', { attachment: 'url', fileUrl: 'invoice.pdf' }),
		message:
			'Field "File URL" in item 0: "invoice.pdf" is not a web address. Use a full direct download link such as https://example.com/files/invoice.pdf.',
	},
	{
		name: 'non-http file URL',
		parameters: phone('+14155550100', { attachment: 'url', fileUrl: 'ftp://files.example.com/invoice.pdf' }),
		message:
			'Field "File URL" in item 0: "ftp://files.example.com/invoice.pdf" is a ftp link, but TimelinesAI can only download files from http:// or https:// links. Upload the file somewhere public, or send it as an n8n binary file instead.',
	},
	{
		name: 'file URL without a name (link check off)',
		parameters: phone('+14155550100', {
			attachment: 'url',
			fileUrl: 'https://files.example.com/download?id=7',
			options: { checkFileLink: false },
		}),
		message:
			'Field "File Name" in item 0: is empty, and the link "https://files.example.com/download?id=7" does not end in a file name. Write the name the contact should see, e.g. invoice.pdf.',
	},
	{
		name: 'binary attachment on an item without binary data',
		parameters: phone('+14155550100', { attachment: 'binary', binaryPropertyName: 'data' }),
		message:
			'Field "Input Binary Field" in item 0: this item has no binary file, so there is no "data" to send. Read or download the file in an earlier node (e.g. HTTP Request with "File" response), or set Attachment to "From URL".',
	},
	{
		name: 'binary property name that the item does not have',
		parameters: phone('+14155550100', { attachment: 'binary', binaryPropertyName: 'data' }),
		item: binaryItem(10, 'attachment'),
		message:
			'Field "Input Binary Field" in item 0: this item has no binary file named "data"; it has "attachment". Use one of those names.',
	},
	{
		name: 'binary file of 3 MB',
		parameters: phone('+14155550100', { attachment: 'binary', binaryPropertyName: 'data' }),
		item: binaryItem(3 * 1024 * 1024),
		message:
			'Field "Input Binary Field" in item 0: The binary file "report.pdf" is 3.0 MB, but TimelinesAI sends files of at most 2.0 MB. Send a smaller or compressed file, or a link to a page where the contact can download it.',
	},
	{
		name: 'empty binary file',
		parameters: phone('+14155550100', { attachment: 'binary', binaryPropertyName: 'data' }),
		item: binaryItem(0),
		message: 'Field "Input Binary Field" in item 0: the binary file "report.pdf" is empty (0 bytes). Check the node that produced it.',
	},
	{
		name: 'binary file without an API token in the credential',
		parameters: phone('+14155550100', { attachment: 'binary', binaryPropertyName: 'data' }),
		item: binaryItem(100),
		credentials: { ...OFFLINE_CREDENTIALS, apiToken: '' },
		message:
			'Field "API Token (in the TimelinesAI credential)" in item 0: it is empty, but a binary file is first uploaded to TimelinesAI, which needs the token. Create a token in TimelinesAI → Integrations → Public API and paste it into the credential.',
	},
	{
		name: 'sender phone option that is not a full number',
		parameters: phone('+14155550100', { options: { senderPhone: '+1 510' } }),
		message:
			'Field "Sender WhatsApp Phone" in item 0: "+1 510" is too short to be a phone number for country code +1. Check that no digits are missing and that it starts with + and the country code, e.g. +14155550100.',
	},
	{
		name: 'default sender phone in the credential without country code',
		parameters: phone('+14155550100'),
		credentials: { ...OFFLINE_CREDENTIALS, defaultSenderPhone: '5105566777' },
		message:
			'Field "Default Sender WhatsApp Phone (in the TimelinesAI credential)" in item 0: "5105566777" has no country code. Write it in international format starting with + and the country code (e.g. +14155550100), or pick a Default Country in the node\'s options.',
	},
	{
		name: 'default country that is not a country (from an expression)',
		parameters: phone('4155550100', { options: { defaultCountry: '={{ "XX" }}' } }),
		message: 'Field "Default Country" in item 0: "XX" is not a country code. Use a two-letter code such as US, GB or DE.',
	},
	{
		name: 'text mapped to a whole object',
		parameters: phone('+14155550100', { text: '={{ $json }}' }),
		item: { json: { message: 'Hi' } },
		message:
			'Field "Text" in item 0: got an object instead of text. Map a single value, e.g. {{ $json.message }} rather than {{ $json }}.',
	},
	{
		name: 'credential without an inbound URL',
		parameters: phone('+14155550100'),
		credentials: { ...OFFLINE_CREDENTIALS, secretInboundUrl: '' },
		message:
			'Field "Inbound Webhook URL (in the TimelinesAI credential)" in item 0: it is empty. In TimelinesAI open Integrations → Webhooks → Inbound, copy the URL and paste it into the credential.',
	},
	{
		name: 'credential inbound URL that is not an address',
		parameters: phone('+14155550100'),
		credentials: { ...OFFLINE_CREDENTIALS, secretInboundUrl: 'app.timelines.ai/hook' },
		message:
			'Field "Inbound Webhook URL (in the TimelinesAI credential)" in item 0: it is not a web address starting with https://. Copy the whole URL from TimelinesAI → Integrations → Webhooks → Inbound.',
	},
];
