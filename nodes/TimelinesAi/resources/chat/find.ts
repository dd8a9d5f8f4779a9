import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { asText, InvalidInputError, readChoice } from '../../shared/errors';
import { listChats } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { readMaxResults, returnAllAndLimit } from '../../shared/paging';

/**
 * Chat → Find, the name of Get Many with a name filter before version 1.1: nodes saved then still show and run
 * it as they were, new nodes get Get Many instead.
 */

/** Node versions that offer Find. */
export const versions = [1];

const NOTHING_FOUND = ['nothing', 'error'] as const;

export const option: INodePropertyOptions = {
	name: 'Find',
	value: 'find',
	action: 'Find a chat',
	description: 'Finds chats and groups by part of their name. Needs the text to look for; newer nodes call this Get Many, with more filters.',
};

export const fields: INodeProperties[] = [
	{
		displayName: FIELD.nameContains,
		name: 'nameContains',
		type: 'string',
		default: '',
		placeholder: 'Ravi',
		description: "Part of the chat's or group's name, in any case. Empty: every chat of the workspace.",
	},
	...returnAllAndLimit,
	{
		displayName: FIELD.ifNothingFound,
		name: 'ifNothingFound',
		type: 'options',
		options: [
			{
				name: 'Output Nothing',
				value: 'nothing',
				description: 'This item gives no output item; the nodes after it run only for the items that found chats',
			},
			{
				name: 'Stop With an Error',
				value: 'error',
				description: 'The node fails and names the item (with "Continue" on error: one item with the error)',
			},
		],
		default: 'nothing',
		description: 'What happens when no chat name contains the text',
	},
];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const name = asText(ctx.getNodeParameter('nameContains', itemIndex, ''), FIELD.nameContains).trim();
	const max = readMaxResults(ctx, itemIndex);
	const ifNothingFound = readChoice(ctx.getNodeParameter('ifNothingFound', itemIndex, 'nothing'), NOTHING_FOUND, FIELD.ifNothingFound);
	const chats = await listChats(ctx, name ? { name } : {}, max);
	if (chats.length === 0 && ifNothingFound === 'error') {
		const which = name === '' ? 'the workspace has no chats' : `no chat's name contains ${JSON.stringify(name)}`;
		throw new InvalidInputError(
			FIELD.nameContains,
			`${which}. Check the spelling (any part of the name works, in any case), or set If Nothing Is Found to Output Nothing.`,
		);
	}
	return chats;
}
