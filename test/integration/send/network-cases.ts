import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { binaryItem, SLOW_FAULT_MS, type SendEnvironment } from './setup';

export interface Arranged {
	parameters: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	item?: INodeExecutionData;
}

export interface NetworkCase {
	name: string;
	/** Puts the sandbox in the state the case needs. */
	arrange(env: SendEnvironment): Promise<Arranged>;
	error: string | ((env: SendEnvironment) => string);
	hint?: string;
	mayHaveBeenSent: boolean;
	/** Messages the sandbox holds once everything settled. */
	messagesAfter: number;
	/** Extra wait before counting messages (a held answer that is still on its way). */
	settleMs?: number;
}

const toPhone = (extra: INodeParameters = {}): INodeParameters => ({ sendTo: 'phone', phone: '+14151231234', text: 'Hello', ...extra });
const withLink = (link: string): Arranged => ({ parameters: toPhone({ attachment: 'url', fileUrl: link }) });
const withBinary = (credentials?: ICredentialDataDecryptedObject): Arranged => ({
	parameters: toPhone({ attachment: 'binary', binaryPropertyName: 'data' }),
	item: binaryItem(Buffer.from('hello'), { fileName: 'note.txt', mimeType: 'text/plain' }),
	credentials,
});

const BIG = 3 * 1024 * 1024;
const FIELD_HINT = "TimelinesAI did not accept the message; its message above says what is wrong. Check this item's fields.";
const URL_GONE_HINT =
	'The Inbound Webhook URL no longer works: it was regenerated or switched off in TimelinesAI. Open Integrations → Webhooks → Inbound, switch "Webhook enabled" on, and copy the current URL into the TimelinesAI credential.';
const RATE_HINT =
	'TimelinesAI is receiving requests too fast. Slow down: send fewer items per run or add a Wait node between sends, then retry later. An inbound webhook URL takes about 10 messages a minute.';
const MAYBE_SENT_HINT =
	'The message may have been sent. Check the chat in TimelinesAI before running this item again, or the contact may get it twice. This was not retried automatically, because a retry could do it twice.';
const CUT_OFF =
	'TimelinesAI did not answer while sending the message: the connection was cut off. The request had already been sent, so it may or may not have been carried out.';
const TOO_BIG_TAIL =
	'but TimelinesAI sends files of at most 2.0 MB. Send a smaller or compressed file, or a link to a page where the contact can download it.';

/** Bad input and failures that only show when the link or TimelinesAI is asked, with the exact sentences. */
export const NETWORK_CASES: NetworkCase[] = [
	{
		name: 'HTML share page instead of a file',
		arrange: async (env) => withLink(env.control.sharePageUrl('invoice.pdf')),
		error: (env) =>
			`Item 0, field "File URL": "${env.control.sharePageUrl('invoice.pdf')}" opens a web page, not the file itself: this looks like a share page. Use a direct download link (one that starts downloading the file when opened), otherwise the contact receives a broken file.`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: '3 MB file link',
		arrange: async (env) => withLink(env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf' })),
		error: (env) =>
			`Item 0, field "File URL": The file at "${env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf' })}" is 3.0 MB, ${TOO_BIG_TAIL}`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: '3 MB file link served without Content-Length',
		arrange: async (env) => withLink(env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf', chunked: true })),
		error: (env) =>
			`Item 0, field "File URL": The file at "${env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf', chunked: true })}" is larger than 2.0 MB, ${TOO_BIG_TAIL}`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'file link that answers 404',
		arrange: async (env) => withLink(`${env.sandbox.baseUrl}/files/tmp/missing/report.pdf`),
		error: (env) =>
			`Item 0, field "File URL": "${env.sandbox.baseUrl}/files/tmp/missing/report.pdf" answered HTTP 404 instead of the file. Check the link opens the file in a private browser window, without logging in.`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'file link whose server refuses the connection',
		arrange: async () => withLink('http://127.0.0.1:9/report.pdf'),
		error:
			'Item 0, field "File URL": "http://127.0.0.1:9/report.pdf" could not be opened: the server refused the connection. Check the link opens the file in a browser, or switch off "Check File Link" in the options if only TimelinesAI can reach it.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'unknown chat id',
		arrange: async () => ({ parameters: { sendTo: 'chatId', chatId: '99999', text: 'Hi' } }),
		error: 'TimelinesAI answered HTTP 400 while sending the message: No chat found with chat_id 99999.',
		hint: FIELD_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'unknown chat name',
		arrange: async () => ({ parameters: { sendTo: 'chatName', chatName: 'Nobody here', text: 'Hi' } }),
		error: 'TimelinesAI answered HTTP 400 while sending the message: No chat found with the name "Nobody here" on account +14155550123.',
		hint: FIELD_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'sender phone that is not an account of the workspace',
		arrange: async () => ({ parameters: toPhone({ options: { senderPhone: '+12025550199' } }) }),
		error:
			'TimelinesAI answered HTTP 400 while sending the message: "whatsapp account phone" +12025550199 is not a WhatsApp account of this workspace; use the international phone of a connected account, or leave it out to send from the default one.',
		hint: FIELD_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'inbound webhook switched off',
		arrange: async (env) => {
			await env.control.configureInbound({ enabled: false });
			return { parameters: toPhone() };
		},
		error: 'TimelinesAI answered HTTP 404 while sending the message: Webhook not found.',
		hint: URL_GONE_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'inbound URL regenerated (the credential holds the old one)',
		arrange: async (env) => {
			const credentials = env.credentials();
			await env.control.regenerateInboundUrl();
			return { parameters: toPhone(), credentials };
		},
		error: 'TimelinesAI answered HTTP 404 while sending the message: Webhook not found.',
		hint: URL_GONE_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: '429 with Retry-After, four times in a row (three retries, then give up)',
		arrange: async (env) => {
			await env.control.injectFault('inbound', '429', 4);
			return { parameters: toPhone() };
		},
		error: 'TimelinesAI answered HTTP 429 while sending the message: Too many requests.',
		hint: RATE_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: '429 asking to wait longer than a minute (not waited for)',
		arrange: async (env) => {
			await env.control.setRateLimit(1, 120_000);
			await env.send(toPhone({ text: 'First' }));
			return { parameters: toPhone() };
		},
		error: 'TimelinesAI answered HTTP 429 while sending the message: Too many requests for this webhook URL: retry after 120 seconds.',
		hint: RATE_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 1,
	},
	{
		name: '500 from TimelinesAI',
		arrange: async (env) => {
			await env.control.injectFault('inbound', '500', 1);
			return { parameters: toPhone() };
		},
		error: 'TimelinesAI answered HTTP 500 while sending the message: Internal server error.',
		hint: 'TimelinesAI had a problem on its side. Try again in a few minutes; if it keeps happening, contact TimelinesAI support. TimelinesAI did not confirm the message, so it was probably not sent; check the chat before running this item again.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'timeout: TimelinesAI answers after the node stopped waiting (and does send)',
		arrange: async (env) => {
			await env.control.injectFault('inbound', 'slow', 1);
			return { parameters: toPhone({ options: { timeout: 1 } }) };
		},
		error:
			'TimelinesAI did not answer within 1 second while sending the message. The request had already been sent, so it may or may not have been carried out.',
		hint: MAYBE_SENT_HINT,
		mayHaveBeenSent: true,
		messagesAfter: 1,
		settleMs: SLOW_FAULT_MS,
	},
	{
		name: 'connection dropped before TimelinesAI acted',
		arrange: async (env) => {
			await env.control.injectFault('inbound', 'reset', 1);
			return { parameters: toPhone() };
		},
		error: CUT_OFF,
		hint: MAYBE_SENT_HINT,
		mayHaveBeenSent: true,
		messagesAfter: 0,
	},
	{
		name: 'connection dropped after TimelinesAI accepted the message (not retried: no duplicate)',
		arrange: async (env) => {
			await env.control.injectFault('inbound', 'accept-then-reset', 1);
			return { parameters: toPhone() };
		},
		error: CUT_OFF,
		hint: MAYBE_SENT_HINT,
		mayHaveBeenSent: true,
		messagesAfter: 1,
	},
	{
		name: 'binary upload with a wrong API token',
		arrange: async (env) => withBinary(env.credentials({ apiToken: 'wrong-token-0123456789' })),
		error: 'TimelinesAI answered HTTP 401 while uploading the file: Invalid or expired token.',
		hint: 'The API token is wrong or expired. Create a new one in TimelinesAI → Integrations → Public API and paste it into the TimelinesAI credential.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'binary upload while the API answers 500',
		arrange: async (env) => {
			await env.control.injectFault('api', '500', 1);
			return withBinary();
		},
		error: 'TimelinesAI answered HTTP 500 while uploading the file: Internal server error.',
		hint: 'TimelinesAI had a problem on its side. Try again in a few minutes; if it keeps happening, contact TimelinesAI support.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'binary upload to an API base URL nobody listens on',
		arrange: async (env) => withBinary(env.credentials({ apiBaseUrl: 'http://127.0.0.1:9/integrations/api' })),
		error: 'Could not connect to TimelinesAI while uploading the file: the server refused the connection. Nothing was sent.',
		hint: 'Check the URLs in the TimelinesAI credential and that n8n can reach TimelinesAI, then run the workflow again.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
];
