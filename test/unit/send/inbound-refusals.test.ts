import { explainInboundRefusal, type RefusalContext } from '../../../nodes/TimelinesAi/send/inbound-refusals';

/**
 * Refusals the sandbox never gives synchronously (the node's own checks stop these inputs first, or
 * the spec names them without saying when they come), mapped to the node field they concern. The
 * ones the sandbox does give are in test/integration/send/network-cases.ts, end to end.
 */
const byUrl: RefusalContext = { recipientLabel: 'Phone', senderField: 'Sender WhatsApp Phone', fileField: 'File URL' };
const byBinary: RefusalContext = { ...byUrl, fileField: 'Input Binary Field' };
const toChat: RefusalContext = { recipientLabel: 'Chat ID', senderField: 'Default Sender WhatsApp Phone (in the TimelinesAI credential)' };

const FILE_HINT =
	'TimelinesAI could not download or read the file. A file link must start the download itself (not open a share page) without logging in, and the file must be at most 2 MB. Keep "Check File Link" on to catch this before sending.';
const BODY_FIELD_HINT = "TimelinesAI did not accept this field; its answer above says why. Correct it in this item's input.";
const URL_GONE_HINT =
	'The Inbound Webhook URL no longer works: it was regenerated or switched off in TimelinesAI. Open Integrations → Webhooks → Inbound, switch "Webhook enabled" on, and copy the current URL into the TimelinesAI credential.';

describe("TimelinesAI's refusals name the field they concern", () => {
	it.each([
		['file link that is a share page', 400, 'File is corrupted', byUrl, 'File URL', FILE_HINT],
		['file TimelinesAI cannot open', 400, 'Incompatible file', byUrl, 'File URL', FILE_HINT],
		['uploaded binary that fails to load', 400, 'Failed to load document', byBinary, 'Input Binary Field', FILE_HINT],
		['file over the size limit', 400, 'The file is too large', byUrl, 'File URL', FILE_HINT],
		['chat id that is not a number', 400, 'chat_id must be a number (the id in the chat\'s URL), got "x"', toChat, 'Chat ID',
			"A chat id is the number in the chat's address in TimelinesAI (or chat.id from the TimelinesAI Trigger), e.g. 77234. Copy it from the chat, or send to a Phone instead."],
		['malformed JID', 400, 'jid must look like 14151231234@s.whatsapp.net', byUrl, 'JID',
			'A JID looks like 14151231234@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group).'],
		['no recipient', 400, 'One recipient field is required: chat_id, jid, phone, chat_name', toChat, 'Chat ID',
			'Each item needs exactly one recipient. Choose how to pick it under "Send To" and fill in that one field.'],
		['empty text without a file', 400, 'text may be empty only when a file is sent', byUrl, 'Text', BODY_FIELD_HINT],
		['file without a name', 400, 'file_name is required with file_url', byUrl, 'File Name', BODY_FIELD_HINT],
		['sender phone in the wrong shape', 400, '"whatsapp account phone" must be a string, got number', toChat,
			'Default Sender WhatsApp Phone (in the TimelinesAI credential)', BODY_FIELD_HINT],
		['URL refused as unauthorised', 401, 'Unauthorized', byUrl, 'Inbound Webhook URL (in the TimelinesAI credential)', URL_GONE_HINT],
		['URL refused as forbidden', 403, '', byUrl, 'Inbound Webhook URL (in the TimelinesAI credential)', URL_GONE_HINT],
		['404 without a message', 404, '', byUrl, 'Inbound Webhook URL (in the TimelinesAI credential)', URL_GONE_HINT],
		['404 about the recipient', 404, 'Chat not found', toChat, 'Chat ID',
			'TimelinesAI could not find this recipient. Check the Chat ID, JID or Chat Name (chat names must match exactly), or send to a Phone instead.'],
	])('%s', (_name, status, answer, context, field, hint) => {
		expect(explainInboundRefusal(status, answer, context)).toEqual({ field, hint });
	});

	it('leaves rate limits, server errors and unknown answers to the status hint', () => {
		expect(explainInboundRefusal(429, 'Too many requests', byUrl)).toBeUndefined();
		expect(explainInboundRefusal(500, 'text is broken', byUrl)).toBeUndefined();
		expect(explainInboundRefusal(400, 'Something new went wrong', byUrl)).toBeUndefined();
	});
});
