import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { uploadedFileSchema } from '../../protocol';
import { fileNameFromBinary, findBinary, parseFileUrl, uploadFile } from '../../sending/file';
import { asText, InvalidInputError, readChoice } from '../../shared/errors';
import { apiRequest } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { refusalOfField, retellRefusal } from '../../shared/refusals';

/** File → Upload: a file kept by TimelinesAI, whose uid Message → Reply sends (File UID). */

const SOURCES = ['binary', 'url'] as const;

export const option: INodePropertyOptions = {
	name: 'Upload',
	value: 'upload',
	action: 'Upload a file',
	description:
		'Uploads a file to TimelinesAI, from a binary field of the input item or from a web link TimelinesAI downloads (the source an AI agent can give). Returns its uid, which Message → Reply sends as File UID.',
};

/** It changes TimelinesAI: a failed run says which items were done (`per-item.ts`). */
export const writes = true;

export const fields: INodeProperties[] = [
	{
		displayName: FIELD.fileSource,
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file an earlier node read or downloaded, e.g. Read/Write Files from Disk or HTTP Request' },
			{ name: 'URL', value: 'url', description: 'A direct download link; TimelinesAI downloads the file itself' },
		],
		default: 'binary',
		description: 'Where the file comes from',
	},
	{
		displayName: FIELD.binaryProperty,
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { source: ['binary'] } },
		hint: 'The name of the input binary field containing the file to upload',
		description: 'Name of the binary field holding the file, usually "data"',
	},
	{
		displayName: FIELD.fileUrl,
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { source: ['url'] } },
		placeholder: 'https://example.com/files/invoice.pdf',
		description: 'A link that downloads the file itself (not a page about it), reachable without logging in',
	},
	{
		displayName: FIELD.options,
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: FIELD.contentType,
				name: 'contentType',
				type: 'string',
				default: '',
				placeholder: 'application/pdf',
				description: "The file's type. Empty: the binary's type, or what the link's server says.",
			},
			{
				displayName: FIELD.fileName,
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'invoice.pdf',
				description: "The name the contact sees. Empty: the binary's name, or the link's.",
			},
		],
	},
];

async function uploadBinary(ctx: IExecuteFunctions, itemIndex: number, fileName: string, contentType: string): Promise<IDataObject> {
	const name = asText(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'), FIELD.binaryProperty).trim();
	const binary = findBinary(ctx, itemIndex, name, { verb: 'upload', otherwise: 'set Source to "URL"' });
	const file = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	const shownName = fileName || fileNameFromBinary(binary);
	if (file.length === 0) {
		throw new InvalidInputError(FIELD.binaryProperty, `the binary file ${JSON.stringify(shownName)} is empty (0 bytes). Check the node that produced it.`);
	}
	return await uploadFile(ctx, itemIndex, file, shownName, contentType || binary.mimeType || 'application/octet-stream');
}

/** `POST /files`: TimelinesAI downloads the link; a link it cannot download is a problem with File URL. */
async function uploadFromUrl(ctx: IExecuteFunctions, itemIndex: number, fileName: string, contentType: string): Promise<IDataObject> {
	const link = asText(ctx.getNodeParameter('fileUrl', itemIndex, ''), FIELD.fileUrl).trim();
	if (link === '') throw new InvalidInputError(FIELD.fileUrl, 'is empty. Paste a direct download link starting with https://, or set Source to "Binary File".');
	const url = parseFileUrl(link);
	const body = { download_url: url.toString(), ...(fileName ? { filename: fileName } : {}), ...(contentType ? { content_type: contentType } : {}) };
	const upload = apiRequest(ctx, { method: 'POST', path: '/files', body, data: uploadedFileSchema, action: 'uploading the file from its link' });
	return await retellRefusal(upload, [400, 422], (refusal) =>
		refusalOfField(
			refusal,
			FIELD.fileUrl,
			'TimelinesAI downloads the file from this link itself: check it opens the file (not a page about it) in a private browser window, without logging in.',
		),
	);
}

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const source = readChoice(ctx.getNodeParameter('source', itemIndex, 'binary'), SOURCES, FIELD.fileSource);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fileName = asText(options.fileName, FIELD.fileName).trim();
	const contentType = asText(options.contentType, FIELD.contentType).trim();
	const upload = source === 'binary' ? uploadBinary : uploadFromUrl;
	return [await upload(ctx, itemIndex, fileName, contentType)];
}
