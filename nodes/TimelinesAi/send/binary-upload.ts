import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { uploadedFileSchema, type UploadedFile } from '../protocol';
import { InvalidInputError } from '../shared/errors';
import { apiRequest } from '../shared/transport';
import { FIELD } from './field-labels';
import { fileNameFromBinary } from './file-name';
import { tooLargeProblem } from './file-size';
import { multipartFormData } from './multipart';

/** The item's binary under `propertyName`, or a sentence listing what the item does have. */
export function findBinary(this: IExecuteFunctions, itemIndex: number, propertyName: string): IBinaryData {
	const name = propertyName.trim();
	const binaries = this.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[name];
	if (binary) return binary;
	const available = Object.keys(binaries);
	const quoted = JSON.stringify(name);
	throw new InvalidInputError(
		FIELD.binaryProperty,
		available.length === 0
			? `this item has no binary file, so there is no ${quoted} to send. Read or download the file in an earlier node (e.g. HTTP Request with "File" response), or set Attachment to "From URL".`
			: `this item has no binary file named ${quoted}; it has ${available.map((key) => JSON.stringify(key)).join(', ')}. Use one of those names.`,
	);
}

async function readCheckedBuffer(context: IExecuteFunctions, itemIndex: number, propertyName: string, fileName: string): Promise<Buffer> {
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName.trim());
	const tooLarge = tooLargeProblem(`The binary file ${JSON.stringify(fileName)}`, buffer.length);
	if (tooLarge) throw new InvalidInputError(FIELD.binaryProperty, tooLarge);
	if (buffer.length === 0) {
		throw new InvalidInputError(FIELD.binaryProperty, `the binary file ${JSON.stringify(fileName)} is empty (0 bytes). Check the node that produced it.`);
	}
	return buffer;
}

/**
 * Checks the item's binary without uploading it (present, not empty, at most 2 MB) and returns the
 * name the contact will see: the File Name field, else the binary's own name.
 */
export async function checkBinary(this: IExecuteFunctions, itemIndex: number, propertyName: string, fileName: string): Promise<string> {
	const name = fileName || fileNameFromBinary(findBinary.call(this, itemIndex, propertyName));
	await readCheckedBuffer(this, itemIndex, propertyName, name);
	return name;
}

/**
 * Uploads an n8n binary through the public API (`POST /files_upload`, multipart) so TimelinesAI
 * can attach it; its checks are repeated first, so nothing too large is uploaded.
 */
export async function uploadBinary(
	this: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	fileName: string,
	timeoutMs: number,
): Promise<UploadedFile> {
	const binary = findBinary.call(this, itemIndex, propertyName);
	const buffer = await readCheckedBuffer(this, itemIndex, propertyName, fileName);
	const contentType = binary.mimeType || 'application/octet-stream';
	const form = multipartFormData([
		{ field: 'file', file: buffer, fileName, contentType },
		{ field: 'filename', text: fileName },
		{ field: 'content_type', text: contentType },
	]);
	return await apiRequest.call(this, {
		method: 'POST',
		path: '/files_upload',
		multipart: form,
		data: uploadedFileSchema,
		action: `uploading the file of item ${itemIndex}`,
		timeoutMs,
	});
}
