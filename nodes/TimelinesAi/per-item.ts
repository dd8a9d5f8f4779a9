import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type NodeApiError,
} from 'n8n-workflow';

import { readChatId } from './resources/chat/locator';
import { readMessageId } from './resources/message/message';
import { cancelSignalOf, continuedErrorItem, inLanes, getTimelinesAiCredentials, secretsOf, toNodeError, type TimelinesAiSecrets } from './shared/http';
import { describeItems, itemsThat } from './shared/item-list';

/**
 * Runs an operation item by item, several items in flight at once: over the internet each request waits a
 * round trip (100–300 ms) while TimelinesAI takes 30 a second, and every request still takes its turn in
 * `shared/http.ts`. Items about the same chat (or message) run one after another in item order, so a Reply
 * and then Add Labels to one chat never swap. The output keeps the input's order.
 *
 * An error names its item; with "Continue" the failed item gives exactly one output item (`error`, `hint`;
 * on the error output if the node has one) and the others go on. Without it, the first failed item (by item
 * order) is the node's error: no item starts after a failure, the items in flight finish, and the error
 * says which items were done.
 */

type NodeError = NodeApiError | NodeOperationError;

export interface PerItemOperation {
	fields: INodeProperties[];
	executeItem: (ctx: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;
	/** Whether it changes something in TimelinesAI (a message, labels, a note, a file): running it again repeats that. */
	writes?: boolean;
}

/**
 * What an item is about, for its order: its chat, or its message (two reactions to one message: the last one
 * stays), or nothing (the item alone). An id that cannot be read leaves the item alone; it fails when it runs.
 */
function subjectOf(ctx: IExecuteFunctions, fields: INodeProperties[]): (itemIndex: number) => string {
	const has = (name: string) => fields.some((field) => field.name === name);
	const read = has('chatId')
		? (itemIndex: number) => `chat ${readChatId(ctx, itemIndex)}`
		: has('messageId')
			? (itemIndex: number) => `message ${readMessageId(ctx, itemIndex)}`
			: undefined;
	return (itemIndex) => {
		try {
			if (read) return read(itemIndex);
		} catch {
			// Its own lane: executeItem reads the same field and throws the error that names the item and the fix.
		}
		return `item ${itemIndex}`;
	};
}

/**
 * For a write that failed when the items done are not simply the ones before it: later items ran at the same
 * time, or an earlier one still waited for its chat. A run anew must leave out exactly the items done.
 */
function doneItemsNote(failedItem: number, done: number[], notStarted: number[]): string {
	const after = done.filter((index) => index > failedItem);
	const waiting = notStarted.filter((index) => index < failedItem);
	if (after.length === 0 && waiting.length === 0) return '';
	return [
		after.length > 0 && `${itemsThat(after, 'was done as well: it', 'were done as well: they')} ran at the same time as this one.`,
		waiting.length > 0 && `${itemsThat(waiting, 'was not done: it', 'were not done: they')} waited for an earlier item about the same chat.`,
		`If you run the workflow anew, leave out the items that were done (${describeItems(done)}), or they happen twice.`,
	]
		.filter(Boolean)
		.join(' ');
}

/**
 * The note, plus the record for the next node or an error workflow: `error.context.done_items` lists every item
 * done, `error.context.not_started_items` the items never started (the others failed).
 */
function withRecord(error: NodeError, note: string, done: number[], notStarted: number[]): NodeError {
	error.description = [note, error.description].filter(Boolean).join(' ');
	error.context.done_items = done;
	error.context.not_started_items = notStarted;
	return error;
}

export async function runPerItem(ctx: IExecuteFunctions, operation: PerItemOperation): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const itemIndexes = ctx.getInputData().map((_, itemIndex) => itemIndex);
	const continueOnFail = ctx.continueOnFail();
	const stopSignal = cancelSignalOf(ctx);
	// Read once, only to hide its secrets in errors; a credential n8n cannot load is one error per item.
	let secrets: TimelinesAiSecrets = {};
	let credentialError: unknown;
	await getTimelinesAiCredentials(ctx).then(
		(credentials) => (secrets = secretsOf(credentials)),
		(error: unknown) => (credentialError = error),
	);

	const outputs: INodeExecutionData[][] = [];
	const failures = new Map<number, NodeError>();
	const done: number[] = [];
	const runItem = async (itemIndex: number) => {
		try {
			if (credentialError !== undefined) throw credentialError;
			const results = await operation.executeItem(ctx, itemIndex);
			outputs[itemIndex] = results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			done.push(itemIndex);
		} catch (error) {
			const nodeError = toNodeError(node, error, secrets, itemIndex);
			outputs[itemIndex] = [continuedErrorItem(node, nodeError, itemIndex)];
			failures.set(itemIndex, nodeError);
		}
	};
	const mayStart = () => !stopSignal?.aborted && (continueOnFail || failures.size === 0);
	// Read once per item: the scheduler asks for an item's lane every time it looks for one to start.
	const lanes = itemIndexes.map(subjectOf(ctx, operation.fields));
	const notStarted = await inLanes(itemIndexes, (itemIndex) => lanes[itemIndex], runItem, mayStart);

	done.sort((a, b) => a - b);
	notStarted.sort((a, b) => a - b);
	if (!continueOnFail && failures.size > 0) {
		const failedItem = Math.min(...failures.keys());
		const note = operation.writes ? doneItemsNote(failedItem, done, notStarted) : '';
		throw withRecord(failures.get(failedItem)!, note, done, notStarted);
	}
	if (notStarted.length > 0) {
		const stopped = new NodeOperationError(node, `The execution was stopped before item ${notStarted[0]} was started.`, { itemIndex: notStarted[0] });
		const note = operation.writes && done.length > 0 ? `${itemsThat(done, 'was', 'were')} done.` : '';
		throw withRecord(stopped, note, done, notStarted);
	}
	return [itemIndexes.flatMap((itemIndex) => outputs[itemIndex])];
}
