import { TimelinesAiRequestError } from './errors';

/**
 * TimelinesAI's refusals of what an operation sent, retold as a problem with the field the value came from, so that
 * the error names the item, the field and the fix (`toNodeError` puts `Field "…" in item N:` in front).
 */

/** Whether `error` is TimelinesAI refusing the request with one of these HTTP statuses. */
export function isRefusal(error: unknown, ...statuses: number[]): error is TimelinesAiRequestError {
	return error instanceof TimelinesAiRequestError && error.kind === 'rejected' && error.httpStatus !== undefined && statuses.includes(error.httpStatus);
}

/** Runs `request`; TimelinesAI refusing it with one of `statuses` becomes the error `retell` makes of the refusal. */
export async function retellRefusal<T>(
	request: Promise<T>,
	statuses: number[],
	retell: (refusal: TimelinesAiRequestError) => Error | Promise<Error>,
): Promise<T> {
	return await request.catch(async (error: unknown) => {
		throw isRefusal(error, ...statuses) ? await retell(error) : error;
	});
}

/** The same refusal (its words, unless new ones are given), about one field. */
export function refusalOfField(error: TimelinesAiRequestError, field: string, hint: string, message = error.message): TimelinesAiRequestError {
	return new TimelinesAiRequestError({ kind: 'rejected', httpStatus: error.httpStatus, field, message, hint });
}

/** A 404 usually means a wrong id; when every id gets one, the credential points elsewhere. */
const NOT_FOUND_HINT =
	'If every id gives this, check the API Base URL in the TimelinesAI credential (normally https://app.timelines.ai/integrations/api) and that the API token belongs to this workspace.';

/**
 * TimelinesAI's 404 for an id the user gave: `what` is e.g. 'message with uid "abc"', `fix` where to map a right one from.
 * 'Field "Message ID" in item 0: TimelinesAI has no message with uid "abc" in this workspace (HTTP 404). Map …'
 */
export function notFoundIn(error: TimelinesAiRequestError, field: string, what: string, fix: string): TimelinesAiRequestError {
	return refusalOfField(error, field, NOT_FOUND_HINT, `TimelinesAI has no ${what} in this workspace (HTTP 404). ${fix}`);
}
