import {
	integrationBundleSchema,
	integrationSingleSchema,
	type Attachment,
	type IntegrationBundle,
	type IntegrationChat,
	type IntegrationMessage,
	type IntegrationSingle,
	type OutboundAccount,
	type Person,
} from '../../../nodes/TimelinesAi/protocol';
import { formatLegacyTimestamp } from '../../sandbox/payloads';

/**
 * Realistic Outbound-integration deliveries (the shapes of the spec's fixtures), built from the protocol module and
 * checked against its schemas. Every message id carries `tag`, so no two benchmark runs (or rounds) repeat a
 * message: the trigger's deduplication must not short-circuit the work being measured.
 */

const ACCOUNT: OutboundAccount = { full_name: 'Maya Ortiz', email: 'maya@northwind.example', phone: '+15105566777' };
const TEAMMATE: Person = { full_name: ACCOUNT.full_name, phone: ACCOUNT.phone };

interface Contact {
	id: number;
	name: string;
	phone: string;
	group: boolean;
}

const CONTACTS: Contact[] = [
	{ id: 20451188, name: 'Ravi Kumar', phone: '+919812345678', group: false },
	{ id: 20451203, name: 'Sofia Rossi', phone: '+393471234567', group: false },
	{ id: 20451377, name: 'Store pickup team', phone: '', group: true },
	{ id: 20451412, name: 'José Álvarez', phone: '+5215512345678', group: false },
	{ id: 20451599, name: 'Lena Fischer', phone: '+4915112345678', group: false },
];

const TEXTS = [
	'Hi, is the 3-seat sofa still available?',
	'Yes! Here is the spec sheet.\nDelivery takes 5 days.',
	'Can I pay on delivery? 🙏',
	'Order #%n: 2 × oak chair, 1 × table. Total 489.00 EUR incl. VAT. Please confirm the delivery slot (Tue 9–12 or Thu 14–18).',
	'👍',
	'Danke, bis morgen!',
	'',
];

const START = Date.UTC(2026, 2, 2, 9, 0, 0);

function chatOf(contact: Contact, isNew: boolean): IntegrationChat {
	return {
		full_name: contact.name,
		responsible_name: contact.id % 2 === 0 ? 'Maya Ortiz' : '',
		responsible_email: contact.id % 2 === 0 ? 'maya@northwind.example' : '',
		chat_url: `https://app.timelines.ai/chat/${contact.id}/messages/`,
		chat_id: String(contact.id),
		is_new_chat: isNew,
		is_group: contact.group,
		phone: contact.phone,
	};
}

function attachmentFor(n: number): Attachment {
	return {
		temporary_download_url: `https://files.timelines.ai/tmp/${n.toString(16)}/receipt-${n}.jpg`,
		filename: `receipt-${n}.jpg`,
		size: 40_000 + ((n * 7919) % 500_000),
		mimetype: 'image/jpeg',
	};
}

/** Message number `n`: mostly received, every third sent; every seventh is a photo (with empty text). */
function message(contact: Contact, n: number, uid: string, inBundle: boolean): IntegrationMessage {
	const sent = n % 3 === 2;
	const them: Person = { full_name: contact.group ? 'Lena Fischer' : contact.name, phone: contact.phone };
	const text = TEXTS[n % TEXTS.length].replace('%n', String(n));
	return {
		direction: sent ? 'sent' : 'received',
		timestamp: formatLegacyTimestamp(new Date(START + n * 37_000)),
		message_id: inBundle ? '' : uid,
		...(inBundle ? { message_uid: uid } : {}),
		sender: sent ? TEAMMATE : them,
		recipient: sent ? { full_name: contact.name, phone: contact.phone } : TEAMMATE,
		text: text === '' && n % 7 !== 0 ? 'ok' : text,
		...(n % 7 === 0 ? { attachment: attachmentFor(n) } : {}),
	};
}

export function singleDelivery(n: number, tag: string): IntegrationSingle {
	const contact = CONTACTS[n % CONTACTS.length];
	return integrationSingleSchema.parse({
		whatsapp_account: ACCOUNT,
		chat: chatOf(contact, n % 50 === 0),
		message: message(contact, n, `${tag}-s${n}`, false),
	});
}

/** One chat's messages `first` … `first + count - 1`, as an aggregated bundle with TimelinesAI's HTML summary. */
export function bundleDelivery(first: number, count: number, tag: string): IntegrationBundle {
	const contact = CONTACTS[first % CONTACTS.length];
	const messages = Array.from({ length: count }, (_, i) => message(contact, first + i, `${tag}-b${first + i}`, true));
	const lines = messages.map((m) => `from ${m.sender.full_name} on ${m.timestamp.slice(0, 16).replace('T', ' ')}: ${m.text.split('\n')[0]}`);
	return integrationBundleSchema.parse({
		whatsapp_account: ACCOUNT,
		chat: chatOf(contact, false),
		messages,
		first_message_timestamp: messages[0].timestamp,
		last_message_timestamp: messages[messages.length - 1].timestamp,
		aggregation: [...lines, `Click <a href='https://app.timelines.ai/permalink/${contact.id}/'>here</a> to open the conversation in TimelinesAI`].join('<br/>'),
	});
}

export type BurstDelivery = IntegrationSingle | IntegrationBundle;

/** `count` deliveries: four singles, then a bundle of 2 to 6 messages, and again. */
export function burstDeliveries(count: number, tag: string): BurstDelivery[] {
	return Array.from({ length: count }, (_, n) =>
		n % 5 === 4 ? bundleDelivery(n * 10, 2 + (Math.floor(n / 5) % 5), tag) : singleDelivery(n, tag),
	);
}

export function messageCount(delivery: BurstDelivery): number {
	return 'messages' in delivery ? delivery.messages.length : 1;
}
