import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { execute, fields } from './resources/message/send';
import { CREDENTIAL_TEST_NAME, testTimelinesAiCredential } from './shared/credential-test';

/** Shown on top of this node, which keeps working in the workflows that use it. */
const olderNodeNotice: INodeProperties = {
	displayName:
		'This is the older TimelinesAI Send node; it keeps working. New workflows use the TimelinesAI node (Message → Send), which also picks chats and sender accounts from lists.',
	name: 'legacyNotice',
	type: 'notice',
	default: '',
};

/**
 * Message → Send's fields under the same names (so saved workflows keep their values), except the two pickers,
 * which this node shows as the plain text fields it always had: Chat ID and Sender WhatsApp Phone.
 */
function asPlainText(field: INodeProperties): INodeProperties {
	if (field.name === 'chatId') {
		const { displayName, name, description, displayOptions } = field;
		return { displayName, name, description, displayOptions, type: 'string', default: '', required: true, placeholder: '77234' };
	}
	if (field.name === 'options' && field.options) {
		const options = (field.options as INodeProperties[]).map((option) =>
			option.name === 'senderPhone'
				? {
						displayName: option.displayName,
						name: option.name,
						type: 'string' as const,
						default: '',
						placeholder: '+15105566777',
						description:
							"Which connected WhatsApp account sends, overriding the credential's default sender. TimelinesAI ignores it when sending to a Chat ID, because a chat belongs to one account.",
					}
				: option,
		);
		return { ...field, options };
	}
	return field;
}

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
		properties: [olderNodeNotice, ...fields.map(asPlainText)],
	};

	methods = {
		credentialTest: { [CREDENTIAL_TEST_NAME]: testTimelinesAiCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
