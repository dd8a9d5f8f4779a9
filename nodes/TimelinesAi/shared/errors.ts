import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { redactString, type TimelinesAiSecrets } from './redact';

/**
 * Why a call to TimelinesAI failed:
 * - `rejected`: TimelinesAI answered with an error status (nothing was accepted);
 * - `unreachable`: no connection was made, so nothing was sent;
 * - `ambiguous`: the request went out but no answer came back; TimelinesAI may have acted on it;
 * - `invalid-response`: a success status with a body that is not the documented shape.
 */
type TimelinesAiErrorKind = 'rejected' | 'unreachable' | 'ambiguous' | 'invalid-response';

interface TimelinesAiErrorDetails {
	kind: TimelinesAiErrorKind;
	/** One sentence saying what happened. */
	message: string;
	hint: string;
	httpStatus?: number;
	/** The node field TimelinesAI's refusal concerns, labelled as in the node. */
	field?: string;
}

/** A failed call to TimelinesAI; nodes turn it into a NodeApiError with `toNodeError`. */
export class TimelinesAiRequestError extends Error {
	readonly kind: TimelinesAiErrorKind;

	readonly hint: string;

	readonly httpStatus?: number;

	readonly field?: string;

	constructor(details: TimelinesAiErrorDetails) {
		super(details.message);
		this.name = 'TimelinesAiRequestError';
		this.kind = details.kind;
		this.hint = details.hint;
		this.httpStatus = details.httpStatus;
		this.field = details.field;
	}
}

/** A problem with what the user filled in, found before anything was sent. */
export class InvalidInputError extends Error {
	constructor(
		/** The field's label as the user sees it in the node. */
		readonly field: string,
		/** One sentence: what is wrong and how to fix it (without the item/field prefix). */
		readonly problem: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'InvalidInputError';
	}
}

/**
 * The sentence shown for a problem with one field: names the field, the item, and the fix. The item
 * is counted from 0 and written "item 2", as n8n does: the editor appends " [item 2]" to an error
 * message unless it already contains those words, so the item is said exactly once. Without an item
 * (the trigger registering its webhooks) only the field is named.
 */
function describeFieldProblem(field: string, problem: string, itemIndex?: number): string {
	const where = itemIndex === undefined ? `Field "${field}"` : `Field "${field}" in item ${itemIndex}`;
	return `${where}: ${problem}`;
}

/**
 * The one place where failures become n8n errors, and where secrets are removed from them.
 * Anything that is not one of our errors is reported by its message only (never its request
 * config, which holds headers and URLs).
 */
export function toNodeError(
	node: INode,
	error: unknown,
	secrets: TimelinesAiSecrets,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	const clean = (text: string) => redactString(text, secrets);
	if (error instanceof TimelinesAiRequestError) {
		const httpCode = error.httpStatus === undefined ? null : String(error.httpStatus);
		const message = clean(error.field ? describeFieldProblem(error.field, error.message, itemIndex) : error.message);
		const errorResponse: JsonObject = { message, httpCode };
		return new NodeApiError(node, errorResponse, {
			message,
			description: clean(error.hint),
			httpCode: httpCode ?? undefined,
			itemIndex,
		});
	}
	if (error instanceof InvalidInputError) {
		return new NodeOperationError(node, clean(describeFieldProblem(error.field, error.problem, itemIndex)), {
			itemIndex,
			level: 'warning',
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, clean(message), { itemIndex });
}

/**
 * The output item of a failed input item when the node continues on error: `error` and `hint` (plus `extra`).
 * With On Error "Continue (using error output)" n8n moves an item to the error output only when its JSON is
 * `error` alone or `error` and `message` (and then adds the input item's fields), so there the hint is `message`.
 */
export function continuedErrorItem(
	node: INode,
	nodeError: NodeApiError | NodeOperationError,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	const hint = nodeError.description ?? undefined;
	if (node.onError === 'continueErrorOutput') {
		return { json: { error: nodeError.message, ...(hint ? { message: hint } : {}) }, pairedItem };
	}
	return { json: { error: nodeError.message, ...(hint ? { hint } : {}), ...extra }, pairedItem };
}
