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
const CHAT_ID_HINT =
	"No chat in this TimelinesAI workspace has this id. A chat id is the number in the chat's address in TimelinesAI (or chat.id from the TimelinesAI Trigger), e.g. 77234. Copy it from the chat, or send to a Phone instead.";
const SENDER_HINT =
	'Use the international phone number of a WhatsApp account connected in TimelinesAI (e.g. +15105566777), or leave it empty to send from the account connected most recently.';
const URL_GONE_HINT =
	'The Inbound Webhook URL no longer works: it was regenerated or switched off in TimelinesAI. Open Integrations → Webhooks → Inbound, switch "Webhook enabled" on, and copy the current URL into the TimelinesAI credential.';
const RATE_HINT =
	'TimelinesAI is receiving requests too fast. Slow down: send fewer items per run or add a Wait node between sends, then retry later. An inbound webhook URL takes about 10 messages a minute.';
const MAYBE_SENT_HINT =
	'The message may have been sent. Check the chat in TimelinesAI before running this item again, or the contact may get it twice. This was not retried automatically, because a retry could do it twice.';
const CUT_OFF =
	'TimelinesAI did not answer while sending item 0: the connection was cut off. The request had already been sent, so it may or may not have been carried out.';
const TOO_BIG_TAIL =
	'but TimelinesAI sends files of at most 2.0 MB. Send a smaller or compressed file, or a link to a page where the contact can download it.';

/** Bad input and failures that only show when the link or TimelinesAI is asked, with the exact sentences. */
export const NETWORK_CASES: NetworkCase[] = [
	{
		name: 'HTML share page instead of a file',
		arrange: async (env) => withLink(env.control.sharePageUrl('invoice.pdf')),
		error: (env) =>
			`Field "File URL" in item 0: "${env.control.sharePageUrl('invoice.pdf')}" opens a web page, not the file itself: this looks like a share page. Use a direct download link (one that starts downloading the file when opened), otherwise the contact receives a broken file.`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: '3 MB file link',
		arrange: async (env) => withLink(env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf' })),
		error: (env) =>
			`Field "File URL" in item 0: The file at "${env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf' })}" is 3.0 MB, ${TOO_BIG_TAIL}`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: '3 MB file link served without Content-Length',
		arrange: async (env) => withLink(env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf', chunked: true })),
		error: (env) =>
			`Field "File URL" in item 0: The file at "${env.control.testFileUrl('big.pdf', { size: BIG, contentType: 'application/pdf', chunked: true })}" is larger than 2.0 MB, ${TOO_BIG_TAIL}`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'file link that answers 404',
		arrange: async (env) => withLink(`${env.sandbox.baseUrl}/files/tmp/missing/report.pdf`),
		error: (env) =>
			`Field "File URL" in item 0: "${env.sandbox.baseUrl}/files/tmp/missing/report.pdf" answered HTTP 404 instead of the file. Check the link opens the file in a private browser window, without logging in.`,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'file link whose server refuses the connection',
		arrange: async () => withLink('http://127.0.0.1:9/report.pdf'),
		error:
			'Field "File URL" in item 0: "http://127.0.0.1:9/report.pdf" could not be opened: the server refused the connection. Check the link opens the file in a browser, or switch off "Check File Link" in the options if only TimelinesAI can reach it.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'unknown chat id',
		arrange: async () => ({ parameters: { sendTo: 'chatId', chatId: '99999', text: 'Hi' } }),
		error: 'Field "Chat ID" in item 0: TimelinesAI refused it (HTTP 400): No chat found with chat_id 99999.',
		hint: CHAT_ID_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'unknown chat name',
		arrange: async () => ({ parameters: { sendTo: 'chatName', chatName: 'Nobody here', text: 'Hi' } }),
		error: 'Field "Chat Name" in item 0: TimelinesAI refused it (HTTP 400): No chat found with the name "Nobody here" on account +14155550123.',
		hint: 'Chat names must match exactly (capitals, spaces, emoji), and only the chats of the sending account +14155550123 are searched. Copy the name from TimelinesAI, set "Sender WhatsApp Phone" to the account that has this chat, or send by Chat ID.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'chat name that two chats have',
		arrange: async (env) => {
			await env.control.upsertChat({ name: 'Priya Nair', phone: '+919800000001', accountPhone: '+14155550123' });
			return { parameters: { sendTo: 'chatName', chatName: 'Priya Nair', text: 'Hi' } };
		},
		error: 'Field "Chat Name" in item 0: TimelinesAI refused it (HTTP 400): Several chats match the name "Priya Nair" on account +14155550123; use chat_id to pick one.',
		hint: "More than one chat has this name. Send by Chat ID instead: the number in the chat's address in TimelinesAI.",
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'group JID the sending account has no chat for',
		arrange: async () => ({ parameters: { sendTo: 'jid', jid: '120363099999999999@g.us', text: 'Hi' } }),
		error: 'Field "JID" in item 0: TimelinesAI refused it (HTTP 400): No group chat found with jid 120363099999999999@g.us on account +14155550123.',
		hint: 'Groups are looked up only among the chats of the sending account +14155550123. Check the group\'s JID, set "Sender WhatsApp Phone" to an account that is in the group, or send by Chat ID.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'sender phone that is not an account of the workspace',
		arrange: async () => ({ parameters: toPhone({ options: { senderPhone: '+12025550199' } }) }),
		error:
			'Field "Sender WhatsApp Phone" in item 0: TimelinesAI refused it (HTTP 400): "whatsapp account phone" +12025550199 is not a WhatsApp account of this workspace; use the international phone of a connected account, or leave it out to send from the default one.',
		hint: SENDER_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: "credential's default sender that is not an account of the workspace",
		arrange: async (env) => ({ parameters: toPhone(), credentials: env.credentials({ defaultSenderPhone: '+12025550199' }) }),
		error:
			'Field "Default Sender WhatsApp Phone (in the TimelinesAI credential)" in item 0: TimelinesAI refused it (HTTP 400): "whatsapp account phone" +12025550199 is not a WhatsApp account of this workspace; use the international phone of a connected account, or leave it out to send from the default one.',
		hint: SENDER_HINT,
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'sender account that is disconnected',
		arrange: async (env) => {
			await env.control.setAccountStatus('+15105566777', 'disconnected');
			return { parameters: toPhone({ options: { senderPhone: '+15105566777' } }) };
		},
		error: 'Field "Sender WhatsApp Phone" in item 0: TimelinesAI refused it (HTTP 400): The WhatsApp account +15105566777 is disconnected.',
		hint: 'The WhatsApp account +15105566777 is disconnected in TimelinesAI and cannot send. Reconnect it in TimelinesAI (scan the QR code with the phone again), or choose another connected account.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'no WhatsApp account connected at all',
		arrange: async (env) => {
			await env.control.setAccountStatus('+15105566777', 'disconnected');
			await env.control.setAccountStatus('+14155550123', 'suspended');
			return { parameters: toPhone() };
		},
		error: 'TimelinesAI answered HTTP 400 while sending item 0: No WhatsApp account is connected to this workspace.',
		hint: 'Connect a WhatsApp account in TimelinesAI (scan the QR code with the phone), then run the workflow again.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'sending quota used up (402)',
		arrange: async (env) => {
			await env.control.setCredits({ remaining: 1 });
			return withLink(env.control.testFileUrl('menu.pdf', { size: 2048, contentType: 'application/pdf' }));
		},
		error:
			'TimelinesAI answered HTTP 402 while sending item 0: Not enough credits: this message needs 2 but only 1 remain in the sending quota (messages waiting in the queue already hold theirs).',
		hint: "The workspace's sending quota is used up (messages still waiting to be sent hold their credits). Add credits in TimelinesAI or wait until the quota renews, then send the items that were not sent.",
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'inbound webhook switched off',
		arrange: async (env) => {
			await env.control.configureInbound({ enabled: false });
			return { parameters: toPhone() };
		},
		error: 'Field "Inbound Webhook URL (in the TimelinesAI credential)" in item 0: TimelinesAI refused it (HTTP 404): Webhook not found.',
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
		error: 'Field "Inbound Webhook URL (in the TimelinesAI credential)" in item 0: TimelinesAI refused it (HTTP 404): Webhook not found.',
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
		error: 'TimelinesAI answered HTTP 429 while sending item 0: Too many requests.',
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
		error: 'TimelinesAI answered HTTP 429 while sending item 0: Too many requests for this webhook URL: retry after 120 seconds.',
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
		error: 'TimelinesAI answered HTTP 500 while sending item 0: Internal server error.',
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
			'TimelinesAI did not answer within 1 second while sending item 0. The request had already been sent, so it may or may not have been carried out.',
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
		error: 'TimelinesAI answered HTTP 401 while uploading the file of item 0: Invalid or expired token.',
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
		error: 'TimelinesAI answered HTTP 500 while uploading the file of item 0: Internal server error.',
		hint: 'TimelinesAI had a problem on its side. Try again in a few minutes; if it keeps happening, contact TimelinesAI support.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
	{
		name: 'binary upload to an API base URL nobody listens on',
		arrange: async (env) => withBinary(env.credentials({ apiBaseUrl: 'http://127.0.0.1:9/integrations/api' })),
		error: 'Could not connect to TimelinesAI while uploading the file of item 0: the server refused the connection. Nothing was sent.',
		hint: 'Check the URLs in the TimelinesAI credential and that n8n can reach TimelinesAI, then run the workflow again.',
		mayHaveBeenSent: false,
		messagesAfter: 0,
	},
];
