import type { IExecuteFunctions } from 'n8n-workflow';

import { inboundSuccessResponseSchema, type InboundSendRequest } from '../protocol';
import { TimelinesAiRequestError } from '../shared/errors';
import { answerMessage, describeHttpError, RATE_LIMIT_HINT, SERVER_ERROR_HINT, type StatusHints } from '../shared/http-errors';
import { callTimelinesAi } from '../shared/transport';

const ACTION = 'sending the message';

const URL_GONE_HINT =
	'The Inbound Webhook URL no longer works: it was regenerated or switched off in TimelinesAI. Open Integrations → Webhooks → Inbound, switch "Webhook enabled" on, and copy the current URL into the TimelinesAI credential.';

const RECIPIENT_NOT_FOUND_HINT =
	'TimelinesAI could not find this recipient. Check the Chat ID, JID or Chat Name (chat names must match exactly), or send to a phone number instead.';

const INBOUND_HINTS: StatusHints = {
	400: "TimelinesAI did not accept the message; its message above says what is wrong. Check this item's fields.",
	401: URL_GONE_HINT,
	403: URL_GONE_HINT,
	429: `${RATE_LIMIT_HINT} An inbound webhook URL takes about 10 messages a minute.`,
	500: `${SERVER_ERROR_HINT} TimelinesAI did not confirm the message, so it was probably not sent; check the chat before running this item again.`,
	default: "TimelinesAI did not accept the message; its message above says what is wrong. Check this item's fields.",
};

/** 404 means two things: the URL is gone ("Webhook not found"), or the recipient is unknown. */
function hintsFor(status: number, body: unknown): StatusHints {
	if (status !== 404) return INBOUND_HINTS;
	const message = answerMessage(body) ?? '';
	const urlGone = message === '' || /webhook/i.test(message);
	return { ...INBOUND_HINTS, 404: urlGone ? URL_GONE_HINT : RECIPIENT_NOT_FOUND_HINT };
}

/**
 * POSTs one send request to the inbound webhook URL and returns TimelinesAI's `message_id`.
 * No Authorization header: the URL is its own secret, and the API token has no business there.
 */
export async function postToInbound(
	this: IExecuteFunctions,
	inboundUrl: string,
	body: InboundSendRequest,
	timeoutMs: number,
): Promise<string> {
	const response = await callTimelinesAi.call(this, {
		request: { method: 'POST', url: inboundUrl, body, timeout: timeoutMs },
		authenticated: false,
		action: ACTION,
		ambiguousHint:
			'The message may have been sent. Check the chat in TimelinesAI before running this item again, or the contact may get it twice.',
	});
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const status = response.statusCode;
		throw describeHttpError(status, response.body, ACTION, hintsFor(status, response.body));
	}
	const accepted = inboundSuccessResponseSchema.safeParse(response.body);
	if (!accepted.success) {
		throw new TimelinesAiRequestError({
			kind: 'ambiguous',
			httpStatus: response.statusCode,
			message: `TimelinesAI answered HTTP ${response.statusCode} while ${ACTION}, but without a message id, so it is unclear whether the message was accepted.`,
			hint: 'Check the chat in TimelinesAI before running this item again, or the contact may get it twice.',
		});
	}
	return accepted.data.data.message_id;
}
