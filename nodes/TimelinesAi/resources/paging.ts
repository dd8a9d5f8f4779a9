import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../shared/errors';
import { FIELD } from '../shared/labels';

/** Lists the API gives page by page (50 a page, `page` from 1, `has_more_pages`): Return All / Limit, and reading the pages. */

export interface Page<T> {
	items: T[];
	hasMore: boolean;
}

/**
 * Reads pages from 1 until `limit` items are in, the API says there are no more, or a page is empty
 * (even one that claims more: a loop that never ends would be worse). At most `limit` items.
 */
export async function collectPages<T>(readPage: (page: number) => Promise<Page<T>>, limit: number): Promise<T[]> {
	const found: T[] = [];
	for (let page = 1; found.length < limit; page++) {
		const { items, hasMore } = await readPage(page);
		found.push(...items);
		if (!hasMore || items.length === 0) break;
	}
	return found.slice(0, limit);
}

/** Return All, and Limit when it is off (n8n's usual pair). */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: FIELD.returnAll,
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: FIELD.limit,
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many items an item asks for: no bound with Return All, else its Limit (a whole number of at least 1). */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return Number.POSITIVE_INFINITY;
	const value = ctx.getNodeParameter('limit', itemIndex, 50);
	const limit = Number(value);
	if (Number.isInteger(limit) && limit >= 1) return limit;
	throw new InvalidInputError(FIELD.limit, `${JSON.stringify(value)} is not a whole number of at least 1. Use e.g. 50.`);
}
