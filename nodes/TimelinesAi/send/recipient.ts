import type { RecipientField } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { toE164, type CountryCode } from '../shared/phone';

/** How the user picks the recipient in the node ("Send To"), and which inbound field each one fills. */
export const RECIPIENT_KINDS = {
	phone: { field: 'phone', label: 'Phone' },
	chatId: { field: 'chat_id', label: 'Chat ID' },
	jid: { field: 'jid', label: 'JID' },
	chatName: { field: 'chat_name', label: 'Chat Name' },
} as const satisfies Record<string, { field: RecipientField; label: string }>;

export type RecipientKind = keyof typeof RECIPIENT_KINDS;

export interface Recipient {
	field: RecipientField;
	value: string;
}

export function isRecipientKind(value: unknown): value is RecipientKind {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RECIPIENT_KINDS, value);
}

const CONTACT_JID = /^\d{5,20}@s\.whatsapp\.net$/;
const GROUP_JID = /^\d{5,25}(-\d{5,15})?@g\.us$/;
const JID_EXAMPLES = '14151231234@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group)';

function multipleValues(value: string): number {
	return value.split(/[,;\n]/).filter((part) => part.trim() !== '').length;
}

function toJid(value: string): string {
	const jid = value.toLowerCase();
	if (CONTACT_JID.test(jid) || GROUP_JID.test(jid)) return jid;
	const quoted = JSON.stringify(value);
	if (multipleValues(value) > 1) {
		throw new InvalidInputError('JID', `${quoted} holds more than one JID, but one item sends to one recipient. Split them into one item each first.`);
	}
	if (/^\+?[\d\s()-]{6,}$/.test(value)) {
		throw new InvalidInputError(
			'JID',
			`${quoted} is a phone number, not a JID. Choose "Phone" under Send To, or write it as a JID such as 14151231234@s.whatsapp.net.`,
		);
	}
	throw new InvalidInputError('JID', `${quoted} is not a WhatsApp JID. A JID looks like ${JID_EXAMPLES}.`);
}

/** A chat id is a number; people often paste the chat's address, which ends with it. */
function toChatId(value: string): string {
	if (/^\d{1,18}$/.test(value)) return value;
	const fromUrl = /^https?:\/\/\S*\/chats?\/(\d{1,18})(?:[/?#]\S*)?$/i.exec(value);
	if (fromUrl) return fromUrl[1];
	const quoted = JSON.stringify(value);
	if (multipleValues(value) > 1) {
		throw new InvalidInputError(
			'Chat ID',
			`${quoted} holds more than one chat id, but one item sends to one recipient. Split them into one item each first.`,
		);
	}
	throw new InvalidInputError(
		'Chat ID',
		`${quoted} is not a chat id. A chat id is a number such as 77234: open the chat in TimelinesAI and copy the number from its address.`,
	);
}

/** Checks and normalises the one recipient of an item. */
export function resolveRecipient(kind: RecipientKind, rawValue: string, defaultCountry?: CountryCode): Recipient {
	const { field, label } = RECIPIENT_KINDS[kind];
	const value = rawValue.trim();
	if (value === '') {
		throw new InvalidInputError(label, `is empty, so this item has no recipient. Fill it in, or map it from the previous node, e.g. {{ $json.${kind} }}.`);
	}
	switch (kind) {
		case 'phone': {
			const phone = toE164(value, defaultCountry);
			if (!phone.ok) throw new InvalidInputError(label, phone.problem);
			return { field, value: phone.e164 };
		}
		case 'chatId':
			return { field, value: toChatId(value) };
		case 'jid':
			return { field, value: toJid(value) };
		case 'chatName':
			return { field, value };
	}
}
