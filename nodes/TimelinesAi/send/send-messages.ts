import type { IExecuteFunctions, INode, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { continuedErrorItem } from '../shared/error-item';
import { TimelinesAiRequestError, toNodeError } from '../shared/errors';
import { secretsOf } from '../shared/redact';
import { getTimelinesAiCredentials } from '../shared/transport';
import { checkItem, type CheckedItem } from './item-check';
import { alreadySentNote, nothingSentNote, type SentItem } from './run-report';
import { sendItem } from './send-item';

type NodeError = NodeApiError | NodeOperationError;

interface FailedItem {
	itemIndex: number;
	error: NodeError;
	mayHaveBeenSent: boolean;
}

/** With "Continue", a failed item's output: the error, its hint, and whether it may have gone out anyway. */
function errorItem(node: INode, { itemIndex, error, mayHaveBeenSent }: FailedItem): INodeExecutionData {
	return continuedErrorItem(node, error, itemIndex, { may_have_been_sent: mayHaveBeenSent });
}

function withNote(error: NodeError, note: string): NodeError {
	error.description = [note, error.description].filter(Boolean).join(' ');
	return error;
}

/**
 * The Send operation, in two passes so that a re-run after a fix never sends a message twice:
 * 1. every item's input is checked (no network); without "Continue" one bad item stops the node
 *    before anything is sent;
 * 2. the items are sent strictly one after another, each accepted before the next is posted; when
 *    TimelinesAI refuses one, the error names the items already sent, with their message ids.
 */
export async function sendMessages(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const continueOnFail = this.continueOnFail();

	let credentials;
	try {
		credentials = await getTimelinesAiCredentials.call(this);
	} catch (cause) {
		// With "Continue", a credential n8n cannot load still gives one error item per input.
		if (!continueOnFail) throw toNodeError(node, cause, {}, 0);
		return [items.map((_, itemIndex) => errorItem(node, { itemIndex, error: toNodeError(node, cause, {}, itemIndex), mayHaveBeenSent: false }))];
	}
	const secrets = secretsOf(credentials);

	const checked: Array<CheckedItem | FailedItem> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checked.push(await checkItem.call(this, itemIndex, credentials));
		} catch (cause) {
			checked.push({ itemIndex, error: toNodeError(node, cause, secrets, itemIndex), mayHaveBeenSent: false });
		}
	}
	const failed = checked.filter((item): item is FailedItem => 'error' in item);
	if (!continueOnFail && failed.length > 0) {
		throw withNote(failed[0].error, nothingSentNote(failed.slice(1).map((item) => item.itemIndex)));
	}

	const results: INodeExecutionData[] = [];
	const sent: SentItem[] = [];
	for (const item of checked) {
		if ('error' in item) {
			results.push(errorItem(node, item));
			continue;
		}
		try {
			const json = await sendItem.call(this, item, secrets);
			results.push({ json, pairedItem: { item: item.itemIndex } });
			sent.push({ itemIndex: item.itemIndex, messageId: String(json.message_id) });
		} catch (cause) {
			const error = toNodeError(node, cause, secrets, item.itemIndex);
			if (!continueOnFail) throw withNote(error, alreadySentNote(sent, item.itemIndex === items.length - 1));
			const mayHaveBeenSent = cause instanceof TimelinesAiRequestError && cause.kind === 'ambiguous';
			results.push(errorItem(node, { itemIndex: item.itemIndex, error, mayHaveBeenSent }));
		}
	}
	return [results];
}
