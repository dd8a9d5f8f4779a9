import type { RefusalContext } from '../../../nodes/TimelinesAi/sending/item';

/**
 * Refusals the sandbox never gives synchronously (the node's own checks stop these inputs first, or
 * the spec names them without saying when they come), with the node field each one concerns. The
 * ones the sandbox does give are in test/integration/send/network-cases.ts, end to end.
 */
export interface RefusalCase {
	name: string;
	status: number;
	/** TimelinesAI's `message`. */
	answer: string;
	context: RefusalContext;
	field: string;
	hint: string;
}

const byUrl: RefusalContext = { recipientLabel: 'Phone', senderField: 'Sender WhatsApp Phone', fileField: 'File URL' };
const byBinary: RefusalContext = { ...byUrl, fileField: 'Input Binary Field' };
const toChat: RefusalContext = { recipientLabel: 'Chat ID', senderField: 'Default Sender WhatsApp Phone (in the TimelinesAI credential)' };

const FILE_HINT =
	'TimelinesAI could not download or read the file. A file link must start the download itself (not open a share page) without logging in, and the file must be at most 2 MB. Keep "Check File Link" on to catch this before sending.';
const BODY_FIELD_HINT = "TimelinesAI did not accept this field; its answer above says why. Correct it in this item's input.";
const URL_GONE_HINT =
	'The Inbound Webhook URL no longer works: it was regenerated or switched off in TimelinesAI. Open Integrations → Webhooks → Inbound, switch "Webhook enabled" on, and copy the current URL into the TimelinesAI credential.';
const INBOUND_URL = 'Inbound Webhook URL (in the TimelinesAI credential)';

export const REFUSAL_CASES: RefusalCase[] = [
	{ name: 'file link that is a share page', status: 400, answer: 'File is corrupted', context: byUrl, field: 'File URL', hint: FILE_HINT },
	{ name: 'file TimelinesAI cannot open', status: 400, answer: 'Incompatible file', context: byUrl, field: 'File URL', hint: FILE_HINT },
	{ name: 'uploaded binary that fails to load', status: 400, answer: 'Failed to load document', context: byBinary, field: 'Input Binary Field', hint: FILE_HINT },
	{ name: 'file over the size limit', status: 400, answer: 'The file is too large', context: byUrl, field: 'File URL', hint: FILE_HINT },
	{
		name: 'chat id that is not a number',
		status: 400,
		answer: 'chat_id must be a number (the id in the chat\'s URL), got "x"',
		context: toChat,
		field: 'Chat ID',
		hint: "A chat id is the number in the chat's address in TimelinesAI (or chat.id from the TimelinesAI Trigger), e.g. 77234. Copy it from the chat, or send to a Phone instead.",
	},
	{
		name: 'malformed JID',
		status: 400,
		answer: 'jid must look like 14155550100@s.whatsapp.net',
		context: byUrl,
		field: 'JID',
		hint: 'A JID looks like 14155550100@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group).',
	},
	{
		name: 'no recipient',
		status: 400,
		answer: 'One recipient field is required: chat_id, jid, phone, chat_name',
		context: toChat,
		field: 'Chat ID',
		hint: 'Each item needs exactly one recipient. Choose how to pick it under "Send To" and fill in that one field.',
	},
	{ name: 'empty text without a file', status: 400, answer: 'text may be empty only when a file is sent', context: byUrl, field: 'Text', hint: BODY_FIELD_HINT },
	{ name: 'file without a name', status: 400, answer: 'file_name is required with file_url', context: byUrl, field: 'File Name', hint: BODY_FIELD_HINT },
	{
		name: 'sender phone in the wrong shape',
		status: 400,
		answer: '"whatsapp account phone" must be a string, got number',
		context: toChat,
		field: 'Default Sender WhatsApp Phone (in the TimelinesAI credential)',
		hint: BODY_FIELD_HINT,
	},
	{ name: 'URL refused as unauthorised', status: 401, answer: 'Unauthorized', context: byUrl, field: INBOUND_URL, hint: URL_GONE_HINT },
	{ name: 'URL refused as forbidden', status: 403, answer: '', context: byUrl, field: INBOUND_URL, hint: URL_GONE_HINT },
	{ name: '404 without a message', status: 404, answer: '', context: byUrl, field: INBOUND_URL, hint: URL_GONE_HINT },
	{
		name: '404 about the recipient',
		status: 404,
		answer: 'Chat not found',
		context: toChat,
		field: 'Chat ID',
		hint: 'TimelinesAI could not find this recipient. Check the Chat ID, JID or Chat Name (chat names must match exactly), or send to a Phone instead.',
	},
];
