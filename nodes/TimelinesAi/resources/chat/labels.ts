import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { chatLabelsSchema, MAX_LABEL_LENGTH } from '../../protocol';
import { asText, InvalidInputError } from '../../shared/errors';
import { FIELD } from '../../shared/display-names';
import { chatRequest } from './requests';

/**
 * What Add Labels, Set Labels and Get Labels share. The API's trap stays here: on `/chats/{id}/labels`
 * `PUT` adds labels and keeps the others, `POST` replaces the whole set. Users only see "Add" and "Set".
 */

export type LabelChange = 'add' | 'replace';

const METHOD = { add: 'PUT', replace: 'POST' } as const;

/** The Labels field; `hint` says what happens to the chat's other labels. */
export function labelsField(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: FIELD.labels,
		name: 'labels',
		type: 'string',
		default: '',
		placeholder: 'lead, vip',
		description: `Label names separated by commas (a list from an expression works too), each at most ${MAX_LABEL_LENGTH} characters. Labels the workspace does not have yet are created.`,
		...overrides,
	};
}

/**
 * The labels an item names: text separated by commas, or a list from an expression (whose entries may hold
 * commas too); trimmed, empty ones and repeats dropped, each checked against the API's length limit.
 */
export function readLabels(value: unknown): string[] {
	const parts = (Array.isArray(value) ? value : [value]).flatMap((entry) => asText(entry, FIELD.labels).split(','));
	const labels = [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
	const tooLong = labels.find((label) => label.length > MAX_LABEL_LENGTH);
	if (tooLong !== undefined) {
		throw new InvalidInputError(
			FIELD.labels,
			`the label ${JSON.stringify(tooLong)} has ${tooLong.length} characters, but TimelinesAI takes at most ${MAX_LABEL_LENGTH}. Shorten it; nothing was changed.`,
		);
	}
	return labels;
}

export async function getChatLabels(ctx: IExecuteFunctions, chatId: number): Promise<string[]> {
	const { labels } = await chatRequest(ctx, chatId, {
		method: 'GET',
		path: `/chats/${chatId}/labels`,
		data: chatLabelsSchema,
		action: "reading the chat's labels",
	});
	return labels;
}

/** Adds or replaces the chat's labels; the output is the chat's labels afterwards (read back when the answer lacks them). */
export async function changeChatLabels(ctx: IExecuteFunctions, itemIndex: number, chatId: number, change: LabelChange): Promise<IDataObject[]> {
	const labels = readLabels(ctx.getNodeParameter('labels', itemIndex, ''));
	if (change === 'add' && labels.length === 0) {
		throw new InvalidInputError(
			FIELD.labels,
			'is empty. Write at least one label, e.g. lead, vip (to remove every label of the chat, use Set Labels with no labels).',
		);
	}
	const answer = await chatRequest(ctx, chatId, {
		method: METHOD[change],
		path: `/chats/${chatId}/labels`,
		body: { labels },
		// The spec does not document this answer: any data is accepted, and the labels read back if it has none.
		data: z.unknown(),
		action: change === 'add' ? 'adding labels to the chat' : "setting the chat's labels",
	});
	const echoed = chatLabelsSchema.safeParse(answer);
	return [{ chat_id: chatId, labels: echoed.success ? echoed.data.labels : await getChatLabels(ctx, chatId) }];
}
