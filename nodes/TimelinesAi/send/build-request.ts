import { inboundSendRequestSchema, SENDER_ACCOUNT_KEY, type InboundSendRequest } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { toE164, type CountryCode } from '../shared/phone';
import type { Attachment } from './attachment';
import type { Recipient } from './recipient';

/** The sender account: the node's option wins over the credential's default; both are optional. */
export function resolveSenderPhone(
	fromNode: string,
	fromCredential: string,
	defaultCountry?: CountryCode,
): string | undefined {
	const [raw, field] = fromNode.trim()
		? [fromNode, 'Sender WhatsApp Phone']
		: [fromCredential, 'Default Sender WhatsApp Phone (in the TimelinesAI credential)'];
	if (!raw.trim()) return undefined;
	const phone = toE164(raw, defaultCountry);
	if (!phone.ok) throw new InvalidInputError(field, phone.problem);
	return phone.e164;
}

/** Text may be empty only when a file goes with it; `\n` is TimelinesAI's only formatting and is kept. */
export function checkText(text: string, hasAttachment: boolean): void {
	if (text.trim() === '' && !hasAttachment) {
		throw new InvalidInputError(
			'Text',
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
