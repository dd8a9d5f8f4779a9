import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../shared/errors';
import type { TimelinesAiCredentials } from '../shared/transport';
import { checkBinary, uploadBinary } from './binary-upload';
import { FIELD } from './field-labels';
import { checkFileLink, parseFileUrl } from './file-link-check';
import { fileNameFromUrl } from './file-name';
import type { SendParameters } from './parameters';

/** The two inbound fields an attachment fills. */
export interface Attachment {
	file_url: string;
	file_name: string;
}

/** An item's file as far as it can be checked without the network. */
export type AttachmentPlan =
	| { source: 'url'; url: URL; /** From the File Name field or the link; else the link's server may suggest one. */ fileName?: string }
	| { source: 'binary'; propertyName: string; fileName: string };

function missingNameProblem(url: URL): InvalidInputError {
	return new InvalidInputError(
		FIELD.fileName,
		`is empty, and the link ${JSON.stringify(url.toString())} does not end in a file name. Write the name the contact should see, e.g. invoice.pdf.`,
	);
}

/**
 * Checks the item's file without the network: the link's shape and name, or the binary's presence,
 * size and the API token its upload needs. `undefined` when the item sends text only.
 */
export async function planAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
	parameters: SendParameters,
	credentials: TimelinesAiCredentials,
): Promise<AttachmentPlan | undefined> {
	switch (parameters.attachment) {
		case 'none':
			return undefined;
		case 'url': {
			const url = parseFileUrl(parameters.fileUrl);
			const fileName = parameters.fileName || fileNameFromUrl(url);
			if (!fileName && !parameters.checkFileLink) throw missingNameProblem(url);
			return { source: 'url', url, fileName };
		}
		case 'binary': {
			const fileName = await checkBinary.call(this, itemIndex, parameters.binaryPropertyName, parameters.fileName);
			if (!credentials.apiToken) {
				throw new InvalidInputError(
					FIELD.apiToken,
					'it is empty, but a binary file is first uploaded to TimelinesAI, which needs the token. Create a token in TimelinesAI → Integrations → Public API and paste it into the credential.',
				);
			}
			return { source: 'binary', propertyName: parameters.binaryPropertyName, fileName };
		}
	}
}

/**
 * Makes the planned file ready, right before its message is posted and before any credit is spent:
 * a link is checked (unless switched off), a binary is uploaded to TimelinesAI.
 */
export async function prepareAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
	plan: AttachmentPlan,
	parameters: SendParameters,
): Promise<Attachment> {
	if (plan.source === 'binary') {
		const uploaded = await uploadBinary.call(this, itemIndex, plan.propertyName, plan.fileName, parameters.timeoutMs);
		return { file_url: uploaded.temporary_download_url, file_name: plan.fileName };
	}
	const facts = parameters.checkFileLink ? await checkFileLink.call(this, plan.url, parameters.timeoutMs) : {};
	const fileName = plan.fileName ?? facts.suggestedName;
	if (!fileName) throw missingNameProblem(plan.url);
	return { file_url: plan.url.toString(), file_name: fileName };
}
