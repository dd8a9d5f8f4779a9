import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IWorkflowBase, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials-helper';
import type { LoadedPackage } from './package-loader';

export interface AdditionalDataOptions {
	package: LoadedPackage;
	/** Decrypted credential data by credential type, e.g. `{ timelinesAiApi: {...} }`. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Needed only for execution hooks; defaults to an empty workflow. */
	workflowData?: IWorkflowBase;
	/** Where webhooks are served, for trigger harnesses. */
	webhookBaseUrl?: string;
}

function unavailable(what: string): never {
	throw new Error(`${what} is not available in the test harness`);
}

/**
 * The `additionalData` n8n passes to every execution context: our credentials helper, lifecycle
 * hooks, base URLs. Shared by the node-execution harness and webhook/hook harnesses.
 */
export function createAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const workflowData: IWorkflowBase = options.workflowData ?? {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const webhookBaseUrl = options.webhookBaseUrl ?? 'http://127.0.0.1:5678/';
	return {
		credentialsHelper: new TestCredentialsHelper(options.package.credentialType, options.credentials),
		hooks: new ExecutionLifecycleHooks('manual', 'test-execution', workflowData),
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: async () => unavailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => unavailable('startRunnerTask'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: `${webhookBaseUrl.replace(/\/+$/, '')}/webhook`,
		webhookWaitingBaseUrl: `${webhookBaseUrl.replace(/\/+$/, '')}/webhook-waiting`,
		webhookTestBaseUrl: `${webhookBaseUrl.replace(/\/+$/, '')}/webhook-test`,
		variables: {},
		executionId: 'test-execution',
	};
}
