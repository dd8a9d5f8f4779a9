import { inboundSendRequestSchema, SENDER_ACCOUNT_KEY, type InboundSendRequest } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { toE164, type CountryCode } from '../shared/phone';
import type { Attachment } from './attachment';
import { FIELD } from './field-labels';
import type { Recipient } from './recipient';

/** Which account sends, and the field that said so (TimelinesAI's refusals of it name that field). */
export interface Sender {
	/** Undefined: TimelinesAI picks the account connected most recently. */
	phone?: string;
	field: string;
}

/** The sender account: the node's option wins over the credential's default; both are optional. */
export function resolveSender(fromNode: string, fromCredential: string, defaultCountry?: CountryCode): Sender {
	const [raw, field] = fromNode.trim() ? [fromNode, FIELD.senderPhone] : [fromCredential, FIELD.defaultSender];
	if (!raw.trim()) return { field };
	const phone = toE164(raw, defaultCountry);
	if (!phone.ok) throw new InvalidInputError(field, phone.problem);
	return { phone: phone.e164, field };
}

/** Text may be empty only when a file goes with it; `\n` is TimelinesAI's only formatting and is kept. */
export function checkText(text: string, hasAttachment: boolean): void {
	if (text.trim() === '' && !hasAttachment) {
		throw new InvalidInputError(
			FIELD.text,
			'is empty and no file is attached, so there is nothing to send. Write a message, or attach a file.',
		);
	}
}

export interface RequestParts {
	recipient: Recipient;
	text: string;
	attachment?: Attachment;
	senderPhone?: string;
}

/** The inbound body, checked against the protocol's own rules before it is sent. */
export function buildInboundRequest(parts: RequestParts): InboundSendRequest {
	const text = parts.text.trim() === '' ? '' : parts.text;
	const body: InboundSendRequest = {
		action: 'send',
		[parts.recipient.field]: parts.recipient.value,
		text,
		...(parts.attachment ?? {}),
		...(parts.senderPhone ? { [SENDER_ACCOUNT_KEY]: parts.senderPhone } : {}),
	};
	return inboundSendRequestSchema.parse(body);
}
