import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { legacyNotice, sendProperties } from './sending/fields';
import { sendMessages } from './sending/send-items';
import { CREDENTIAL_TEST_NAME, testTimelinesAiCredential } from './shared/credential-test';

/**
 * The first action node, kept so that workflows built with it keep running unchanged. Hidden from the node
 * creator: new workflows get the TimelinesAI node (Message → Send), which n8n groups with the trigger.
 */
export class TimelinesAiSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI Send',
		name: 'timelinesAiSend',
		hidden: true,
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
		properties: [legacyNotice, ...sendProperties],
	};

	methods = {
		credentialTest: { [CREDENTIAL_TEST_NAME]: testTimelinesAiCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await sendMessages.call(this);
	}
}
