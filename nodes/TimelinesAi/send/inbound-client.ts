import type { IExecuteFunctions } from 'n8n-workflow';

import { inboundSuccessResponseSchema, type InboundSendRequest } from '../protocol';
import { TimelinesAiRequestError } from '../shared/errors';
import {
	answerMessage,
	describeFieldRefusal,
	describeHttpError,
	RATE_LIMIT_HINT,
	SERVER_ERROR_HINT,
	type StatusHints,
} from '../shared/http-errors';
import { callTimelinesAi } from '../shared/transport';
import { explainInboundRefusal, type RefusalContext } from './inbound-refusals';

const FIELD_HINT = "TimelinesAI did not accept the message; its message above says what is wrong. Check this item's fields.";

const INBOUND_HINTS: StatusHints = {
	429: `${RATE_LIMIT_HINT} An inbound webhook URL takes about 10 messages a minute.`,
	500: `${SERVER_ERROR_HINT} TimelinesAI did not confirm the message, so it was probably not sent; check the chat before running this item again.`,
	default: FIELD_HINT,
};

const MAYBE_SENT_HINT = 'Check the chat in TimelinesAI before running this item again, or the contact may get it twice.';

/** One item's request to the inbound webhook, and what is needed to explain a refusal of it. */
export interface InboundPost {
	inboundUrl: string;
	body: InboundSendRequest;
	timeoutMs: number;
	itemIndex: number;
	refusal: RefusalContext;
}

function describeRefusal(status: number, body: unknown, post: InboundPost, action: string): TimelinesAiRequestError {
	const explained = explainInboundRefusal(status, answerMessage(body) ?? '', post.refusal);
	if (explained?.field) return describeFieldRefusal(status, body, explained.field, explained.hint);
	const hints = explained ? { ...INBOUND_HINTS, [status]: explained.hint } : INBOUND_HINTS;
	return describeHttpError(status, body, action, hints);
}

/**
 * POSTs one send request to the inbound webhook URL and returns TimelinesAI's `message_id`.
 * No Authorization header: the URL is its own secret, and the API token has no business there.
 */
export async function postToInbound(this: IExecuteFunctions, post: InboundPost): Promise<string> {
	const action = `sending item ${post.itemIndex}`;
	const response = await callTimelinesAi.call(this, {
		request: { method: 'POST', url: post.inboundUrl, body: post.body, timeout: post.timeoutMs },
		authenticated: false,
		action,
		ambiguousHint: `The message may have been sent. ${MAYBE_SENT_HINT}`,
	});
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw describeRefusal(response.statusCode, response.body, post, action);
	}
	const accepted = inboundSuccessResponseSchema.safeParse(response.body);
	if (!accepted.success) {
		throw new TimelinesAiRequestError({
			kind: 'ambiguous',
			httpStatus: response.statusCode,
			message: `TimelinesAI answered HTTP ${response.statusCode} while ${action}, but without a message id, so it is unclear whether the message was accepted.`,
			hint: MAYBE_SENT_HINT,
		});
	}
	return accepted.data.data.message_id;
}
