import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { fileNameFromBinary, fileNameFromUrl } from '../../../nodes/TimelinesAi/sending/file';
import { fileNameFromContentDisposition } from '../../../nodes/TimelinesAi/sending/file';
import { InvalidInputError, TimelinesAiRequestError } from '../../../nodes/TimelinesAi/shared/errors';
import { toNodeError } from '../../../nodes/TimelinesAi/shared/http';
import { describeHttpError, describeNetworkCode, isGatewayAnswer, isWebUrl, networkErrorCode, parseUrl, retryAfterSeconds } from '../../../nodes/TimelinesAi/shared/http';

const node: INode = { id: '1', name: 'TimelinesAI Send', type: 'n8n-nodes-timelinesai.timelinesAiSend', typeVersion: 1, position: [0, 0], parameters: {} };

describe('file names', () => {
	it.each([
		['https://example.com/files/invoice-1042.pdf?sig=abc', 'invoice-1042.pdf'],
		['https://example.com/files/Quarterly%20Report.xlsx', 'Quarterly Report.xlsx'],
		['https://example.com/download?id=7', undefined],
		['https://example.com/files/', undefined],
		['https://example.com/share/abcdef', undefined],
	])('from the link %s', (url, expected) => {
		expect(fileNameFromUrl(new URL(url))).toBe(expected);
	});

	it.each([
		['attachment; filename="report.pdf"', 'report.pdf'],
		["attachment; filename*=UTF-8''na%C3%AFve%20notes.txt", 'naïve notes.txt'],
		['inline', undefined],
		[undefined, undefined],
	])('from Content-Disposition %s', (header, expected) => {
		expect(fileNameFromContentDisposition(header)).toBe(expected);
	});

	it('from binary metadata: its name, else its type, else "file"', () => {
		expect(fileNameFromBinary({ data: '', mimeType: 'application/pdf', fileName: ' scan.pdf ' })).toBe('scan.pdf');
		expect(fileNameFromBinary({ data: '', mimeType: 'image/png' })).toBe('file.png');
		expect(fileNameFromBinary({ data: '', mimeType: 'application/x-unknown', fileExtension: 'dat' })).toBe('file.dat');
		expect(fileNameFromBinary({ data: '', mimeType: 'application/x-unknown' })).toBe('file');
	});
});

describe('URLs', () => {
	it.each([
		['https://example.com/files/a.pdf', true],
		['http://127.0.0.1:5678/x', true],
		['ftp://example.com/a.pdf', false],
		['file:///etc/passwd', false],
	])('parses %s, a web address: %s', (text, web) => {
		const url = parseUrl(text);
		expect(url?.href).toBe(new URL(text).href);
		expect(url && isWebUrl(url)).toBe(web);
	});

	it.each(['', 'example.com/a.pdf', 'not a url'])('gives nothing for %j', (text) => {
		expect(parseUrl(text)).toBeUndefined();
	});
});

describe('Retry-After', () => {
	it('reads seconds and HTTP dates, and ignores anything else', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryAfterSeconds({ 'retry-after': '7' }, now)).toBe(7);
		expect(retryAfterSeconds({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, now)).toBe(30);
		expect(retryAfterSeconds({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, now)).toBe(0);
		expect(retryAfterSeconds({ 'retry-after': 'soon' }, now)).toBeUndefined();
		expect(retryAfterSeconds({}, now)).toBeUndefined();
	});
});

describe('network failures', () => {
	it('finds the system code on axios errors and on n8n-wrapped ones', () => {
		expect(networkErrorCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
		expect(networkErrorCode({ httpCode: 'ECONNREFUSED', cause: undefined })).toBe('ECONNREFUSED');
		expect(networkErrorCode({ httpCode: '500', cause: { code: 'ETIMEDOUT' } })).toBe('ETIMEDOUT');
		expect(networkErrorCode(new Error('boom'))).toBeUndefined();
	});

	it('describes codes in words, never with the code itself (n8n would replace the whole message)', () => {
		for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'EAI_AGAIN', undefined]) {
			expect(describeNetworkCode(code)).not.toMatch(/E[A-Z]{4,}/);
		}
	});
});

describe('toNodeError: the one place errors become n8n errors and lose their secrets', () => {
	const secrets = { inboundUrl: 'https://app.timelines.ai/integrations/webhook/5f2b7c1d9e8a4b3c', apiToken: 'api-token-0123456789' };

	it('turns a TimelinesAI answer into a NodeApiError with message, hint, status and item', () => {
		const error = toNodeError(
			node,
			new TimelinesAiRequestError({
				kind: 'rejected',
				httpStatus: 404,
				message: `TimelinesAI answered HTTP 404 for ${secrets.inboundUrl}: Webhook not found.`,
				hint: `Token ${secrets.apiToken} was not used.`,
			}),
			secrets,
			2,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({
			message: 'TimelinesAI answered HTTP 404 for [inbound webhook URL hidden]: Webhook not found.',
			description: 'Token [secret hidden] was not used.',
			httpCode: '404',
			context: { itemIndex: 2 },
		});
		expect(JSON.stringify(error)).not.toContain('5f2b7c1d9e8a4b3c');
	});

	it('turns an input problem into a NodeOperationError naming item and field', () => {
		const error = toNodeError(node, new InvalidInputError('Phone', 'is empty.'), secrets, 4);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({ message: 'Field "Phone" in item 4: is empty.', context: { itemIndex: 4 } });
	});

	it('names only the field when there is no item (the trigger registering its webhooks)', () => {
		const error = toNodeError(node, new InvalidInputError('API Token', 'is empty.'), secrets);
		expect(error.message).toBe('Field "API Token": is empty.');
	});

	it('reports anything else by its redacted message only', () => {
		const error = toNodeError(node, new Error(`failed with ${secrets.apiToken}`), secrets, 0);
		expect(error.message).toBe('failed with [secret hidden]');
	});
});

describe('a 5xx from a gateway may have been carried out', () => {
	it.each([
		[502, { status: 502, message: 'Bad gateway' }, true],
		[503, '<html>Service Unavailable</html>', true],
		[504, undefined, true],
		[500, '<html>Internal Server Error</html>', true],
		[500, { status: 500, data: {}, message: 'Internal server error' }, false],
		[429, { status: 'error', message: 'Too many requests' }, false],
		[400, '<html>Bad request</html>', false],
	])('HTTP %s with %j: %s', (status, body, ambiguous) => {
		expect(isGatewayAnswer(status, body)).toBe(ambiguous);
		expect(describeHttpError(status, body, 'sending item 0', { default: 'Check the fields.' }).kind).toBe(ambiguous ? 'ambiguous' : 'rejected');
	});
});
