import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';

import { runNode, type NodeRun } from '../../harness/run-node';
import { SandboxControl, startSandbox, type RunningSandbox } from '../../sandbox';

/** How long an injected `slow` fault holds its answer; the node's timeout in those tests is shorter. */
export const SLOW_FAULT_MS = 2500;

export interface SendEnvironment {
	sandbox: RunningSandbox;
	control: SandboxControl;
	/** The credential pointing at the sandbox (its current inbound URL). */
	credentials(overrides?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
	/** Runs the older TimelinesAI Send node through n8n-core with the sandbox credential. */
	send(parameters: INodeParameters, items?: INodeExecutionData[], options?: RunOptions): Promise<NodeRun>;
	/** Runs any node of the package (`timelinesAi`, `timelinesAiSend`) the same way. */
	run(node: string, parameters: INodeParameters, items?: INodeExecutionData[], options?: RunOptions): Promise<NodeRun>;
}

export interface RunOptions {
	continueOnFail?: boolean;
	errorOutput?: boolean;
	credentials?: ICredentialDataDecryptedObject;
	executionId?: string;
	mode?: WorkflowExecuteMode;
	/** The node's version (1 unless given). */
	typeVersion?: number;
	stopAfterMs?: number;
}

/** One sandbox per test file, reset before each test. */
export function useSendEnvironment(): SendEnvironment {
	const env = {} as SendEnvironment;
	beforeAll(async () => {
		const sandbox = await startSandbox({ gapMs: 2, seed: 11, slowFaultMs: SLOW_FAULT_MS });
		const control = new SandboxControl(sandbox.controlUrl);
		const credentials = (overrides: ICredentialDataDecryptedObject = {}) => ({
			secretInboundUrl: sandbox.inboundUrl,
			apiToken: sandbox.apiToken,
			apiBaseUrl: sandbox.apiBaseUrl,
			...overrides,
		});
		const run: SendEnvironment['run'] = async (node, parameters, items = [{ json: {} }], options = {}) =>
			await runNode({
				node,
				parameters,
				items,
				credentials: { timelinesAiApi: options.credentials ?? credentials() },
				continueOnFail: options.continueOnFail,
				errorOutput: options.errorOutput,
				executionId: options.executionId,
				mode: options.mode,
				typeVersion: options.typeVersion,
				stopAfterMs: options.stopAfterMs,
			});
		Object.assign(env, {
			sandbox,
			control,
			credentials,
			run,
			send: async (parameters, items, options) => await run('timelinesAiSend', parameters, items, options),
		} satisfies SendEnvironment);
	});
	afterAll(async () => await env.sandbox.close());
	beforeEach(async () => {
		await env.control.reset();
		await env.control.clearFaults();
	});
	return env;
}

export function binaryItem(bytes: Buffer, meta: { fileName?: string; mimeType: string }): INodeExecutionData {
	return { json: {}, binary: { data: { data: bytes.toString('base64'), mimeType: meta.mimeType, ...(meta.fileName ? { fileName: meta.fileName } : {}) } } };
}
