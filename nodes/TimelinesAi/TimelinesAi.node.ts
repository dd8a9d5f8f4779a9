import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { timelinesAiProperties } from './resources/properties';
import { runOperation } from './resources/router';
import { getWhatsappAccounts, searchChats } from './methods/pickers';
import { CREDENTIAL_TEST_NAME, testTimelinesAiCredential } from './shared/credential-test';

/**
 * The TimelinesAI app's action node. Its type name is the trigger's without "Trigger" (`timelinesAi` and
 * `timelinesAiTrigger`): that is how n8n's node creator shows both as one app with actions and triggers.
 */
export class TimelinesAi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI',
		name: 'timelinesAi',
		icon: { light: 'file:timelinesai.svg', dark: 'file:timelinesai.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send WhatsApp messages through TimelinesAI, check their status and find chats',
		defaults: { name: 'TimelinesAI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal names: n8n's lint reads them to see that the credential is tested (testedBy).
		credentials: [{ name: 'timelinesAiApi', required: true, testedBy: 'timelinesAiApiTest' }],
		properties: timelinesAiProperties,
	};

	methods = {
		credentialTest: { [CREDENTIAL_TEST_NAME]: testTimelinesAiCredential },
		listSearch: { searchChats },
		loadOptions: { getWhatsappAccounts },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this);
	}
}
