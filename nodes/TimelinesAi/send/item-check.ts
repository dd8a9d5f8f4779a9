import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../shared/errors';
import type { TimelinesAiCredentials } from '../shared/transport';
import { isWebUrl, parseUrl } from '../shared/url';
import { planAttachment, type AttachmentPlan } from './attachment';
import { checkText, resolveSender, type Sender } from './build-request';
import { FIELD } from './field-labels';
import { readSendParameters, type SendParameters } from './parameters';
import { resolveRecipient, type Recipient } from './recipient';

/** One item whose input passed every check that needs no network: ready to be sent. */
export interface CheckedItem {
	itemIndex: number;
	inboundUrl: string;
	parameters: SendParameters;
	recipient: Recipient;
	sender: Sender;
	attachment?: AttachmentPlan;
}

/** The credential's inbound URL: empty or not a web address is the user's to fix, not a network error. */
function checkInboundUrl(inboundUrl: string): string {
	if (inboundUrl === '') {
		throw new InvalidInputError(
			FIELD.inboundUrl,
			'it is empty. In TimelinesAI open Integrations → Webhooks → Inbound, copy the URL and paste it into the credential.',
		);
	}
	const url = parseUrl(inboundUrl);
	if (!url || !isWebUrl(url)) {
		throw new InvalidInputError(
			FIELD.inboundUrl,
			'it is not a web address starting with https://. Copy the whole URL from TimelinesAI → Integrations → Webhooks → Inbound.',
		);
	}
	return inboundUrl;
}

/**
 * Everything about one item that can be checked without the network, in the order the README
 * describes: credential URL, fields, recipient, sender, text, file. Throws InvalidInputError.
 */
export async function checkItem(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: TimelinesAiCredentials,
): Promise<CheckedItem> {
	const inboundUrl = checkInboundUrl(credentials.inboundUrl);
	const parameters = readSendParameters.call(this, itemIndex);
	const recipient = resolveRecipient(parameters.recipientKind, parameters.recipientValue, parameters.defaultCountry);
	const sender = resolveSender(parameters.senderPhone, credentials.defaultSenderPhone, parameters.defaultCountry);
	checkText(parameters.text, parameters.attachment !== 'none');
	const attachment = await planAttachment.call(this, itemIndex, parameters, credentials);
	return { itemIndex, inboundUrl, parameters, recipient, sender, attachment };
}
