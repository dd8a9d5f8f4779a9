import type { IDataObject, INode, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

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
