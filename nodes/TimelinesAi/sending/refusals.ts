import { SENDER_ACCOUNT_KEY, type RecipientField } from '../protocol';
import { CREDENTIAL_FIELD, FIELD } from '../shared/labels';
import { RECIPIENT_KINDS } from './item';

/** What one item sent, so that a refusal can be pinned on the field the user filled in. */
export interface RefusalContext {
	/** The recipient field the item used: "Phone", "Chat ID", "JID" or "Chat Name". */
	recipientLabel: string;
	/** Where the sender phone came from: the node's option or the credential's default. */
	senderField: string;
	fileField?: string;
}

/** The field a refusal concerns (none for workspace-wide problems such as credits) and the fix. */
interface ExplainedRefusal {
	field?: string;
	hint: string;
}

interface KnownRefusal {
	/** Matched against TimelinesAI's message; groups feed the hint. */
	answer: RegExp;
	/** Only for these HTTP statuses (any when absent). */
	statuses?: number[];
	field(context: RefusalContext): string | undefined;
	hint(match: RegExpExecArray): string;
}

const URL_GONE_HINT =
	'The Inbound Webhook URL no longer works: it was regenerated or switched off in TimelinesAI. Open Integrations → Webhooks → Inbound, switch "Webhook enabled" on, and copy the current URL into the TimelinesAI credential.';

const CHAT_ID_HINT =
	"A chat id is the number in the chat's address in TimelinesAI (or chat.id from the TimelinesAI Trigger), e.g. 77234. Copy it from the chat, or send to a Phone instead.";

const FILE_HINT =
	'TimelinesAI could not download or read the file. A file link must start the download itself (not open a share page) without logging in, and the file must be at most 2 MB. Keep "Check File Link" on to catch this before sending.';

/** Labels of the inbound body's fields, for refusals that name one ("text may be empty only…"). */
const BODY_FIELD_LABELS: Record<string, (context: RefusalContext) => string> = {
	...Object.fromEntries(Object.values(RECIPIENT_KINDS).map(({ field, label }) => [field, () => label] as [RecipientField, () => string])),
	text: () => FIELD.text,
	file_url: (context) => context.fileField ?? FIELD.fileUrl,
	file_name: () => FIELD.fileName,
	[SENDER_ACCOUNT_KEY]: (context) => context.senderField,
};

/** Every refusal the inbound webhook is known to give, most specific first. */
const KNOWN_REFUSALS: KnownRefusal[] = [
	{
		// The spec's answer for an unknown, regenerated or disabled URL.
		answer: /^(webhook not found)?$/i,
		statuses: [404],
		field: () => CREDENTIAL_FIELD.inboundUrl,
		hint: () => URL_GONE_HINT,
	},
	{
		answer: /^/,
		statuses: [401, 403],
		field: () => CREDENTIAL_FIELD.inboundUrl,
		hint: () => URL_GONE_HINT,
	},
	{
		answer: /^No chat found with chat_id /i,
		field: () => FIELD.chatId,
		hint: () => `No chat in this TimelinesAI workspace has this id. ${CHAT_ID_HINT}`,
	},
	{
		answer: /^chat_id must be a number/i,
		field: () => FIELD.chatId,
		hint: () => CHAT_ID_HINT,
	},
	{
		answer: /^No chat found with the name .* on account (\S+?)\.?$/i,
		field: () => FIELD.chatName,
		hint: (match) =>
			`Chat names must match exactly (capitals, spaces, emoji), and only the chats of the sending account ${match[1]} are searched. Copy the name from TimelinesAI, set "${FIELD.senderPhone}" to the account that has this chat, or send by Chat ID.`,
	},
	{
		answer: /^Several chats match /i,
		field: (context) => context.recipientLabel,
		hint: () => "More than one chat has this name. Send by Chat ID instead: the number in the chat's address in TimelinesAI.",
	},
	{
		answer: /^jid must look like/i,
		field: () => FIELD.jid,
		hint: () => 'A JID looks like 14155550100@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group).',
	},
	{
		answer: /^No group chat found with jid \S+ on account (\S+?)\.?$/i,
		field: () => FIELD.jid,
		hint: (match) =>
			`Groups are looked up only among the chats of the sending account ${match[1]}. Check the group's JID, set "${FIELD.senderPhone}" to an account that is in the group, or send by Chat ID.`,
	},
	{
		answer: /is not a WhatsApp account of this workspace/i,
		field: (context) => context.senderField,
		hint: () =>
			'Use the international phone number of a WhatsApp account connected in TimelinesAI (e.g. +15105566777), or leave it empty to send from the account connected most recently.',
	},
	{
		answer: /^The WhatsApp account (\S+) is (\w+)/i,
		field: (context) => context.senderField,
		hint: (match) =>
			`The WhatsApp account ${match[1]} is ${match[2]} in TimelinesAI and cannot send. Reconnect it in TimelinesAI (scan the QR code with the phone again), or choose another connected account.`,
	},
	{
		answer: /^No WhatsApp account is connected/i,
		field: () => undefined,
		hint: () => 'Connect a WhatsApp account in TimelinesAI (scan the QR code with the phone), then run the workflow again.',
	},
	{
		answer: /credits/i,
		statuses: [402],
		field: () => undefined,
		hint: () =>
			"The workspace's sending quota is used up (messages still waiting to be sent hold their credits). Add credits in TimelinesAI or wait until the quota renews, then send the items that were not sent.",
	},
	{
		answer: /file is corrupted|incompatible file|failed to load document|file .*(too large|larger than)/i,
		field: (context) => context.fileField,
		hint: () => FILE_HINT,
	},
	{
		answer: /recipient field/i,
		field: (context) => context.recipientLabel,
		hint: () => 'Each item needs exactly one recipient. Choose how to pick it under "Send To" and fill in that one field.',
	},
	{
		// Any other 404: the URL works (it would say "Webhook not found"), so the recipient is unknown.
		answer: /^/,
		statuses: [404],
		field: (context) => context.recipientLabel,
		hint: () =>
			'TimelinesAI could not find this recipient. Check the Chat ID, JID or Chat Name (chat names must match exactly), or send to a Phone instead.',
	},
];

/** A refusal that starts by naming a body field ("file_name is required with file_url"). */
function bodyFieldRefusal(answer: string, context: RefusalContext): ExplainedRefusal | undefined {
	const named = Object.keys(BODY_FIELD_LABELS).find((key) => answer.startsWith(`${key} `) || answer.startsWith(`"${key}" `));
	if (named === undefined) return undefined;
	return {
		field: BODY_FIELD_LABELS[named](context),
		hint: "TimelinesAI did not accept this field; its answer above says why. Correct it in this item's input.",
	};
}

/**
 * The field a 4xx refusal of the inbound webhook concerns and how to fix it; undefined for answers
 * that are not about this item's input (rate limits, server errors, unknown refusals), which keep
 * their status hint.
 */
export function explainInboundRefusal(status: number, answer: string, context: RefusalContext): ExplainedRefusal | undefined {
	if (status < 400 || status >= 500 || status === 429) return undefined;
	for (const refusal of KNOWN_REFUSALS) {
		if (refusal.statuses && !refusal.statuses.includes(status)) continue;
		const match = refusal.answer.exec(answer);
		if (match) return { field: refusal.field(context), hint: refusal.hint(match) };
	}
	return bodyFieldRefusal(answer, context);
}
