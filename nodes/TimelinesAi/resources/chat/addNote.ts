import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod';

import { chatNoteSchema, MAX_NOTE_TEXT_LENGTH } from '../../protocol';
import { asText, InvalidInputError } from '../../shared/errors';
import { htmlToText } from '../../shared/html-text';
import { FIELD } from '../../shared/display-names';
import { chatLocator, readChatId } from './locator';
import { chatRequest } from './requests';

/** Chat → Add Note: a note in the chat for the team (private by default), e.g. a summary or a bundle of messages. */

const MAX_CHARACTERS = MAX_NOTE_TEXT_LENGTH.toLocaleString('en-US');

export const option: INodePropertyOptions = {
	name: 'Add Note',
	value: 'addNote',
	action: 'Add a note to a chat',
	description: `Adds a note to a chat for the team to read; it is not sent to the contact. Needs the chat ID and the note text (at most ${MAX_CHARACTERS} characters).`,
};

/** It changes TimelinesAI: a failed run says which items were done (`per-item.ts`). */
export const writes = true;

export const fields: INodeProperties[] = [
	chatLocator(),
	{
		displayName: FIELD.noteText,
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'Called back, wants a quote by Friday',
		description: `The note, at most ${MAX_CHARACTERS} characters. TimelinesAI shows it as written.`,
		hint: "For a bundle from the TimelinesAI Trigger: {{ $json.aggregation_html }} with Convert HTML to Text on (under Options)",
	},
	{
		displayName: FIELD.options,
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: FIELD.htmlToText,
				name: 'htmlToText',
				type: 'boolean',
				default: false,
				description:
					"Whether to turn HTML into readable text first: a line per line break, paragraph or list entry, entities such as &amp;amp; decoded, tags dropped and links written as their address. For the Trigger's bundle HTML.",
			},
			{
				displayName: FIELD.isPrivate,
				name: 'isPrivate',
				type: 'boolean',
				default: true,
				description: "Whether the note is private, as TimelinesAI makes notes by default. Off: a public note.",
			},
		],
	},
];

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const chatId = readChatId(ctx, itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const raw = asText(ctx.getNodeParameter('text', itemIndex, ''), FIELD.noteText);
	const text = (options.htmlToText === true ? htmlToText(raw) : raw).trim();
	if (text === '') {
		throw new InvalidInputError(FIELD.noteText, 'is empty. Write the note, or map a text, e.g. {{ $json.aggregation_html }} from the TimelinesAI Trigger.');
	}
	if (text.length > MAX_NOTE_TEXT_LENGTH) {
		throw new InvalidInputError(
			FIELD.noteText,
			`has ${text.length.toLocaleString('en-US')} characters, but a note takes at most ${MAX_CHARACTERS}. Shorten it (e.g. split it into two notes); nothing was added.`,
		);
	}
	const isPrivate = options.isPrivate !== false;
	const answer = await chatRequest(ctx, chatId, {
		method: 'POST',
		path: `/chats/${chatId}/notes`,
		body: { text, is_private: isPrivate },
		// The spec does not document this answer: the note was added whatever comes back, so any data is accepted.
		data: z.unknown(),
		action: 'adding the note to the chat',
	});
	const note = chatNoteSchema.safeParse(answer);
	return [{ chat_id: chatId, text, is_private: isPrivate, ...(note.success ? note.data : {}) }];
}
