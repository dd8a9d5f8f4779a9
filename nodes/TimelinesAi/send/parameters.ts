import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../shared/errors';
import { locatorValue } from '../shared/locator';
import { isCountryCode, type CountryCode } from '../shared/phone';
import { FIELD } from './field-labels';
import { RECIPIENT_KINDS, isRecipientKind, type RecipientKind } from './recipient';

export const ATTACHMENT_SOURCES = ['none', 'url', 'binary'] as const;
export type AttachmentSource = (typeof ATTACHMENT_SOURCES)[number];

/** What the user filled in for one item, read from the node's fields (see `description.ts`). */
export interface SendParameters {
	recipientKind: RecipientKind;
	recipientValue: string;
	text: string;
	attachment: AttachmentSource;
	fileUrl: string;
	binaryPropertyName: string;
	fileName: string;
	senderPhone: string;
	defaultCountry?: CountryCode;
	checkFileLink: boolean;
	timeoutMs: number;
}

/** Expressions can yield numbers or objects; numbers are fine as text, objects are a mapping mistake. */
export function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InvalidInputError(
		field,
		`got ${Array.isArray(value) ? 'a list' : 'an object'} instead of text. Map a single value, e.g. {{ $json.message }} rather than {{ $json }}.`,
	);
}

function readSendTo(value: unknown): RecipientKind {
	if (isRecipientKind(value)) return value;
	const kinds = Object.keys(RECIPIENT_KINDS).join(', ');
	throw new InvalidInputError('Send To', `${JSON.stringify(value)} is not a way to pick a recipient. Use one of: ${kinds}.`);
}

function readAttachment(value: unknown): AttachmentSource {
	if ((ATTACHMENT_SOURCES as readonly unknown[]).includes(value)) return value as AttachmentSource;
	throw new InvalidInputError('Attachment', `${JSON.stringify(value)} is not an attachment source. Use one of: ${ATTACHMENT_SOURCES.join(', ')}.`);
}

function readCountry(value: unknown): CountryCode | undefined {
	const code = asText(value, 'Default Country').trim().toUpperCase();
	if (code === '') return undefined;
	if (isCountryCode(code)) return code;
	throw new InvalidInputError('Default Country', `${JSON.stringify(value)} is not a country code. Use a two-letter code such as US, GB or DE.`);
}

function readTimeout(value: unknown): number {
	const seconds = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new InvalidInputError('Timeout (Seconds)', `${JSON.stringify(value)} is not a positive number of seconds. Use e.g. 30.`);
	}
	return Math.round(seconds * 1000);
}

export function readSendParameters(this: IExecuteFunctions, itemIndex: number): SendParameters {
	const parameter = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const recipientKind = readSendTo(parameter('sendTo', 'phone'));
	const { label } = RECIPIENT_KINDS[recipientKind];
	const attachment = readAttachment(parameter('attachment', 'none'));
	const options = parameter('options', {}) as IDataObject;
	return {
		recipientKind,
		recipientValue: asText(locatorValue(parameter(recipientKind)), label),
		text: asText(parameter('text'), FIELD.text),
		attachment,
		fileUrl: attachment === 'url' ? asText(parameter('fileUrl'), FIELD.fileUrl) : '',
		binaryPropertyName: attachment === 'binary' ? asText(parameter('binaryPropertyName', 'data'), FIELD.binaryProperty) : '',
		fileName: attachment === 'none' ? '' : asText(parameter('fileName'), FIELD.fileName).trim(),
		senderPhone: asText(options.senderPhone, FIELD.senderPhone),
		defaultCountry: readCountry(options.defaultCountry),
		checkFileLink: options.checkFileLink !== false,
		timeoutMs: readTimeout(options.timeout ?? 30),
	};
}
