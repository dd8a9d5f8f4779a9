import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import type { NodeRun } from '../../harness/run-node';
import { binaryItem, useSendEnvironment } from './setup';

const env = useSendEnvironment();

/** Everything a run leaves behind that a user or an operator can see: outputs, errors (with stacks), the saved execution. */
function visibleText(run: NodeRun): string {
	const withOwnProperties = (_key: string, value: unknown) =>
		value instanceof Error ? Object.fromEntries(Object.getOwnPropertyNames(value).map((name) => [name, (value as never)[name]])) : value;
	return JSON.stringify({ items: run.items, error: run.error, run: run.run }, withOwnProperties);
}

const toPhone = (extra: INodeParameters = {}): INodeParameters => ({ sendTo: 'phone', phone: '+14155550100', text: 'Hello', ...extra });

describe('the inbound URL token and the API token never appear in an error, hint, output or log', () => {
	const logged: string[] = [];
	let restore: Array<() => void> = [];

	beforeEach(() => {
		logged.length = 0;
		restore = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => {
			const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
				logged.push(args.map(String).join(' '));
			});
			return () => spy.mockRestore();
		});
	});
	afterEach(() => restore.forEach((undo) => undo()));

	const scenarios: Array<[string, () => Promise<{ parameters: INodeParameters; credentials?: ICredentialDataDecryptedObject; binary?: boolean }>]> = [
		['a message that is sent', async () => ({ parameters: toPhone() })],
		['a file that is uploaded and sent', async () => ({ parameters: toPhone({ attachment: 'binary' }), binary: true })],
		[
			'a regenerated URL (404)',
			async () => {
				const credentials = env.credentials();
				await env.control.regenerateInboundUrl();
				return { parameters: toPhone(), credentials };
			},
		],
		['a refused API token (401)', async () => ({ parameters: toPhone({ attachment: 'binary' }), credentials: env.credentials({ apiToken: 'refused-token-0123456789' }), binary: true })],
		['a 500', async () => (await env.control.injectFault('inbound', '500', 1), { parameters: toPhone() })],
		['a dropped connection', async () => (await env.control.injectFault('inbound', 'reset', 1), { parameters: toPhone() })],
		['an unreachable inbound URL', async () => ({ parameters: toPhone(), credentials: env.credentials({ secretInboundUrl: 'http://127.0.0.1:9/integrations/webhook/unreachable-token-0123456789' }) })],
		['bad input', async () => ({ parameters: toPhone({ phone: 'not a phone' }) })],
	];

	for (const continueOnFail of [true, false]) {
		it.each(scenarios)(`%s (continue on fail: ${continueOnFail})`, async (_name, arrange) => {
			const { parameters, credentials = env.credentials(), binary } = await arrange();
			const secrets = [
				credentials.secretInboundUrl as string,
				new URL(credentials.secretInboundUrl as string).pathname.split('/').pop() as string,
				credentials.apiToken as string,
			];
			const item = binary ? binaryItem(Buffer.from('secret-free bytes'), { fileName: 'a.txt', mimeType: 'text/plain' }) : { json: {} };
			const run = await env.send(parameters, [item], { continueOnFail, credentials });
			const seen = visibleText(run) + logged.join('\n');
			expect(run.items.length + (run.error ? 1 : 0)).toBe(1);
			for (const secret of secrets) expect(seen).not.toContain(secret);
		});
	}
});
