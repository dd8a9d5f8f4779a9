import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { creditsFor, SENDER_ACCOUNT_KEY } from '../protocol';
import { redact, type TimelinesAiSecrets } from '../shared/redact';
import { prepareAttachment } from './attachment';
import { buildInboundRequest } from './build-request';
import { FIELD } from './field-labels';
import { postToInbound } from './inbound-client';
import type { CheckedItem } from './item-check';
import { RECIPIENT_KINDS } from './recipient';

/**
 * Sends one checked item: makes its file ready (link checked or binary uploaded), then posts it to
 * TimelinesAI. Nothing costs a credit until the post.
 */
export async function sendItem(this: IExecuteFunctions, item: CheckedItem, secrets: TimelinesAiSecrets): Promise<IDataObject> {
	const { itemIndex, parameters, recipient, sender } = item;
	const attachment = item.attachment && (await prepareAttachment.call(this, itemIndex, item.attachment, parameters));
	const body = buildInboundRequest({ recipient, text: parameters.text, attachment, senderPhone: sender.phone });
	const messageId = await postToInbound.call(this, {
		inboundUrl: item.inboundUrl,
		body,
		timeoutMs: parameters.timeoutMs,
		itemIndex,
		refusal: {
			recipientLabel: RECIPIENT_KINDS[parameters.recipientKind].label,
			senderField: sender.field,
			fileField: item.attachment && (item.attachment.source === 'url' ? FIELD.fileUrl : FIELD.binaryProperty),
		},
	});

	const notes: string[] = [];
	if (recipient.field === 'chat_id' && body[SENDER_ACCOUNT_KEY]) {
		notes.push(
			`TimelinesAI ignores the sender phone ${body[SENDER_ACCOUNT_KEY]} when sending to a Chat ID: the chat's own WhatsApp account sends.`,
		);
	}
	return {
		message_id: messageId,
		// The chat is known when the recipient was one; for a phone, JID or name only TimelinesAI knows it (see Get Status).
		...(recipient.field === 'chat_id' ? { chat_id: Number(recipient.value) } : {}),
		recipient: { [recipient.field]: recipient.value },
		credits: creditsFor(body),
		request_body: redact({ ...body }, secrets),
		...(notes.length > 0 ? { notes } : {}),
	};
}
