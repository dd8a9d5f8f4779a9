import { WorkflowExecute } from 'n8n-core';
import {
	createDeferredPromise,
	createRunExecutionData,
	Workflow,
	type ExecutionBaseError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IRun,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { stopN8nBackgroundTimers } from './n8n-services';
import { loadPackage, nodeTypeName } from './package-loader';

export interface RunNodeOptions {
	/** Short node name, e.g. `timelinesAiSend`. */
	node: string;
	parameters: INodeParameters;
	/** The input items, as the previous node would hand them over. */
	items: INodeExecutionData[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	/** "Continue (using error output)": failed items go to a second output. */
	errorOutput?: boolean;
	/** A new one per run unless given: the same id again is n8n running the node again in one execution (Retry On Fail). */
	executionId?: string;
	/** `manual` unless given; `retry` is the Retry of a failed execution. */
	mode?: WorkflowExecuteMode;
	/** The node's version, as saved in the workflow (1 unless given). */
	typeVersion?: number;
	/** Stops the execution after this many ms, as the editor's Stop button does (the node sees the cancel signal). */
	stopAfterMs?: number;
}

let runs = 0;

export interface NodeRun {
	/** The node's output items (first output), empty when the node failed. */
	items: INodeExecutionData[];
	/** The items n8n moved to the error output (with `errorOutput`). */
	errorItems: INodeExecutionData[];
	/** The node's error when it failed (and did not continue on fail). */
	error?: ExecutionBaseError;
	run: IRun;
	/** The workflow's static data when the run changed it (what n8n would save), else undefined. */
	changedStaticData?: IDataObject;
}

export const NODE_NAME = 'Node under test';

/**
 * Runs one node of our built package through n8n-core's WorkflowExecute, the engine n8n itself
 * uses: parameters are resolved, credentials fetched and applied through the credentials helper,
 * and the items are the node's input, exactly as in n8n's own NodeTestHarness.
 */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	const pkg = await loadPackage();
	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: nodeTypeName(options.node),
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(Object.keys(options.credentials).map((type) => [type, { id: `${type}-id`, name: type }])),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
	};
	const workflow = new Workflow({ id: 'test-workflow', nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const additionalData = createAdditionalData({ package: pkg, credentials: options.credentials });
	additionalData.executionId = options.executionId ?? `test-execution-${++runs}`;
	const finished = createDeferredPromise<IRun>();
	let changedStaticData: IDataObject | undefined;
	additionalData.hooks!.addHandler('workflowExecuteAfter', (run, newStaticData) => {
		changedStaticData = newStaticData;
		finished.resolve(run);
	});

	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [options.items] }, source: null }] },
	});
	const execution = new WorkflowExecute(additionalData, options.mode ?? 'manual', runExecutionData).processRunExecutionData(workflow);
	const stopper = options.stopAfterMs === undefined ? undefined : setTimeout(() => execution.cancel(), options.stopAfterMs);
	await execution;
	clearTimeout(stopper);
	const run = await finished.promise;
	stopN8nBackgroundTimers();
	const task = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: task?.data?.main[0] ?? [],
		errorItems: task?.data?.main[1] ?? [],
		error: task?.error ?? run.data.resultData.error,
		run,
		changedStaticData,
	};
}
