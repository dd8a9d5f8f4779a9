import { DEFAULT_SANDBOX_PORT, startSandbox } from './index';

/**
 * `npm run sandbox [-- --json] [-- --port N] [-- --seed N] [-- --gap-ms N] [-- --latency-ms N] [-- --rate-limit]`
 * Prints the URLs to paste into n8n (or, with --json, one JSON line once ready) and runs until Ctrl-C.
 */

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : process.argv[index + 1];
}

function numberOption(name: string): number | undefined {
	const value = option(name);
	if (value === undefined) return undefined;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) {
		console.error(`--${name} must be a whole number, got "${value}"`);
		process.exit(2);
	}
	return parsed;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({
		port: numberOption('port') ?? DEFAULT_SANDBOX_PORT,
		seed: numberOption('seed'),
		gapMs: numberOption('gap-ms'),
		latencyMs: numberOption('latency-ms'),
		apiRateLimit: process.argv.includes('--rate-limit'),
	});
	const { inboundUrl, apiBaseUrl, apiToken, controlUrl } = sandbox;
	if (process.argv.includes('--json')) {
		console.log(JSON.stringify({ inboundUrl, apiBaseUrl, apiToken, controlUrl }));
	} else {
		console.log(
			[
				'TimelinesAI sandbox is running. In n8n, create a "TimelinesAI API" credential with:',
				`  Inbound Webhook URL: ${inboundUrl}`,
				`  API Token:           ${apiToken}`,
				`  API Base URL:        ${apiBaseUrl}`,
				`Control surface (tests, demos): ${controlUrl}/state`,
				'Press Ctrl-C to stop.',
			].join('\n'),
		);
	}
	const stop = () => void sandbox.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
	console.error(`The sandbox could not start: ${err.message}`);
	process.exit(1);
});
