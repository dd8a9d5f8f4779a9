import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../shared/errors';
import { findBinary, uploadBinary } from './binary-upload';
import { checkFileLink, parseFileUrl } from './file-link-check';
import { fileNameFromBinary, fileNameFromUrl } from './file-name';
import type { SendParameters } from './parameters';

/** The two inbound fields an attachment fills. */
export interface Attachment {
	file_url: string;
	file_name: string;
}

function missingNameProblem(url: URL): InvalidInputError {
	return new InvalidInputError(
		'File Name',
		`is empty, and the link ${JSON.stringify(url.toString())} does not end in a file name. Write the name the contact should see, e.g. invoice.pdf.`,
	);
}

async function fromUrl(context: IExecuteFunctions, parameters: SendParameters): Promise<Attachment> {
	const url = parseFileUrl(parameters.fileUrl);
	const nameFromFields = parameters.fileName || fileNameFromUrl(url);
	if (!nameFromFields && !parameters.checkFileLink) throw missingNameProblem(url);
	const facts = parameters.checkFileLink ? await checkFileLink.call(context, url, parameters.timeoutMs) : {};
	const fileName = nameFromFields ?? facts.suggestedName;
	if (!fileName) throw missingNameProblem(url);
	return { file_url: url.toString(), file_name: fileName };
}

async function fromBinary(context: IExecuteFunctions, itemIndex: number, parameters: SendParameters): Promise<Attachment> {
	const binary = findBinary.call(context, itemIndex, parameters.binaryPropertyName);
	const fileName = parameters.fileName || fileNameFromBinary(binary);
	const uploaded = await uploadBinary.call(context, itemIndex, parameters.binaryPropertyName, fileName, parameters.timeoutMs);
	return { file_url: uploaded.temporary_download_url, file_name: fileName };
}

/**
 * The file to send, made ready before any credit is spent: a link is checked (unless switched off),
 * a binary is uploaded to TimelinesAI. `undefined` when the item sends text only.
 */
export async function prepareAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
	parameters: SendParameters,
): Promise<Attachment | undefined> {
	switch (parameters.attachment) {
		case 'none':
			return undefined;
		case 'url':
			return await fromUrl(this, parameters);
		case 'binary':
			return await fromBinary(this, itemIndex, parameters);
	}
}
