import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { creditsFor, SENDER_ACCOUNT_KEY } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { redact, secretsOf } from '../shared/redact';
import { isWebUrl, parseUrl } from '../shared/url';
import type { TimelinesAiCredentials } from '../shared/transport';
import { prepareAttachment } from './attachment';
import { buildInboundRequest, checkText, resolveSenderPhone } from './build-request';
import { postToInbound } from './inbound-client';
import { readSendParameters } from './parameters';
import { resolveRecipient } from './recipient';

const CREDENTIAL_URL_FIELD = 'Inbound Webhook URL (in the TimelinesAI credential)';

/** The credential's inbound URL, checked before anything else so no file is uploaded for nothing. */
function checkInboundUrl(inboundUrl: string): string {
	if (inboundUrl === '') {
		throw new InvalidInputError(
			CREDENTIAL_URL_FIELD,
			'it is empty. In TimelinesAI open Integrations → Webhooks → Inbound, copy the URL and paste it into the credential.',
		);
	}
	const url = parseUrl(inboundUrl);
	if (!url || !isWebUrl(url)) {
		throw new InvalidInputError(
			CREDENTIAL_URL_FIELD,
			'it is not a web address starting with https://. Copy the whole URL from TimelinesAI → Integrations → Webhooks → Inbound.',
		);
	}
	return inboundUrl;
}

/**
 * One item, in the order the README describes: read and check every field, make the file ready
 * (link checked or binary uploaded), then post to TimelinesAI. Nothing costs a credit until the post.
 */
export async function sendItem(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: TimelinesAiCredentials,
): Promise<IDataObject> {
	const inboundUrl = checkInboundUrl(credentials.inboundUrl);
	const parameters = readSendParameters.call(this, itemIndex);
	const recipient = resolveRecipient(parameters.recipientKind, parameters.recipientValue, parameters.defaultCountry);
	const senderPhone = resolveSenderPhone(parameters.senderPhone, credentials.defaultSenderPhone, parameters.defaultCountry);
	checkText(parameters.text, parameters.attachment !== 'none');
	const attachment = await prepareAttachment.call(this, itemIndex, parameters);
	const body = buildInboundRequest({ recipient, text: parameters.text, attachment, senderPhone });
	const messageId = await postToInbound.call(this, inboundUrl, body, parameters.timeoutMs);

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
		request_body: redact({ ...body }, secretsOf(credentials)),
		...(notes.length > 0 ? { notes } : {}),
	};
}
