import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { sendProperties } from './send/description';
import { sendItem } from './send/send-item';
import { CREDENTIAL_TEST_NAME, testTimelinesAiCredential } from './shared/credential-test';
import { TimelinesAiRequestError, toNodeError } from './shared/errors';
import { secretsOf } from './shared/redact';
import { getTimelinesAiCredentials, type TimelinesAiCredentials } from './shared/transport';

export class TimelinesAiSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI Send',
		name: 'timelinesAiSend',
		icon: { light: 'file:timelinesai.svg', dark: 'file:timelinesai.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "to " + {"phone": "phone", "chatId": "chat", "jid": "JID", "chatName": "chat name"}[$parameter["sendTo"]] }}',
		description:
			'Send a WhatsApp message (text and optionally one file of at most 2 MB) through TimelinesAI to one phone number, chat or group. Each input item sends one message, in order.',
		defaults: { name: 'TimelinesAI Send' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal names: n8n's lint reads them to see that the credential is tested (testedBy).
		credentials: [{ name: 'timelinesAiApi', required: true, testedBy: 'timelinesAiApiTest' }],
		properties: sendProperties,
	};

	methods = {
		credentialTest: { [CREDENTIAL_TEST_NAME]: testTimelinesAiCredential },
	};

	/** Strictly one item after another: each message is accepted before the next is posted. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// Read inside the loop, so that with "Continue" a credential n8n cannot load still gives one error item per input.
		let credentials: TimelinesAiCredentials | undefined;
		const results: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				credentials ??= await getTimelinesAiCredentials.call(this);
				const json = await sendItem.call(this, itemIndex, credentials);
				results.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, secretsOf(credentials ?? {}), itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				results.push({
					json: {
						error: nodeError.message,
						...(nodeError.description ? { hint: nodeError.description } : {}),
						may_have_been_sent: error instanceof TimelinesAiRequestError && error.kind === 'ambiguous',
					},
					pairedItem: { item: itemIndex },
				});
			}
		}
		return [results];
	}
}
