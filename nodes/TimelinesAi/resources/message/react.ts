import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { reactionsAnswerSchema } from '../../protocol';
import { asText, InvalidInputError } from '../../shared/errors';
import { apiRequest } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { aboutMessage, messageIdField, readMessageId } from './message';

/** Message → React: the WhatsApp account's emoji reaction on a message, or none. */

export const option: INodePropertyOptions = {
	name: 'React',
	value: 'react',
	action: 'React to a message',
	description: 'Puts an emoji reaction (e.g. 👍) on a WhatsApp message, as the WhatsApp account of its chat; an empty reaction removes it. Needs the message ID.',
};

/** It changes TimelinesAI: a failed run says which items were done (`per-item.ts`). */
export const writes = true;

export const fields: INodeProperties[] = [
	messageIdField(),
	{
		displayName: FIELD.reaction,
		name: 'reaction',
		type: 'string',
		default: '',
		placeholder: '👍',
		description: 'One emoji. Empty removes the reaction given earlier; a new emoji replaces it.',
	},
];

/** Something to react with: an emoji (a flag and a keycap such as 1️⃣ count), not a word or a shortcode like :thumbsup:. */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

function readReaction(ctx: IExecuteFunctions, itemIndex: number): string {
	const reaction = asText(ctx.getNodeParameter('reaction', itemIndex, ''), FIELD.reaction).trim();
	if (reaction !== '' && (!EMOJI.test(reaction) || /\p{L}|\s/u.test(reaction))) {
		throw new InvalidInputError(
			FIELD.reaction,
			`${JSON.stringify(reaction)} is not an emoji. Use one emoji such as 👍 or ❤️ (copy it from an emoji picker), or leave it empty to remove the reaction.`,
		);
	}
	return reaction;
}

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const messageId = readMessageId(ctx, itemIndex);
	const reaction = readReaction(ctx, itemIndex);
	const reactions = await aboutMessage(
		messageId,
		apiRequest(ctx, {
			method: 'PATCH',
			path: `/messages/${encodeURIComponent(messageId)}/reactions`,
			body: { reaction },
			data: reactionsAnswerSchema,
			action: reaction === '' ? 'removing the reaction' : 'reacting to the message',
		}),
	);
	return [{ message_uid: messageId, reaction, ...(reactions ? { reactions } : {}) }];
}
