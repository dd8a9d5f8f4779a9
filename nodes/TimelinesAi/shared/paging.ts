import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from './errors';
import { FIELD } from './display-names';

/** Return All / Limit over the public API's lists; `readPages` in `http.ts` reads the pages. */

export const returnAllAndLimit: INodeProperties[] = [
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

/** How many results an item asks for: all of them (Infinity) or its Limit. */
export function readMaxResults(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return Number.POSITIVE_INFINITY;
	const value = ctx.getNodeParameter('limit', itemIndex, 50);
	const limit = Number(value);
	if (Number.isInteger(limit) && limit >= 1) return limit;
	throw new InvalidInputError(FIELD.limit, `${JSON.stringify(value)} is not a whole number of at least 1. Use e.g. 50, or turn on Return All.`);
}
