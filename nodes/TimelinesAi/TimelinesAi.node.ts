import {
	NodeConnectionTypes,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getWhatsappAccounts, searchChats } from './methods/pickers';
import * as addChatLabels from './resources/chat/addLabels';
import * as addChatNote from './resources/chat/addNote';
import * as findChat from './resources/chat/find';
import * as getChatLabels from './resources/chat/getLabels';
import * as getChatMessages from './resources/chat/getMessages';
import * as setChatLabels from './resources/chat/setLabels';
import * as uploadFile from './resources/file/upload';
import * as getMessage from './resources/message/get';
import * as getMessageStatus from './resources/message/getStatus';
import * as reactToMessage from './resources/message/react';
import * as replyToChat from './resources/message/reply';
import * as sendMessage from './resources/message/send';
import { CREDENTIAL_TEST_NAME, testTimelinesAiCredential } from './shared/credential-test';
import { continuedErrorItem, getTimelinesAiCredentials, secretsOf, toNodeError, type TimelinesAiCredentials } from './shared/http';
import { FIELD } from './shared/labels';

/**
 * One operation, in its own file under `resources/<resource>/`: its entry under Operation, its fields, and what runs.
 * A read operation gives `executeItem` (any number of results per input item); Send runs all items at once.
 */
interface Operation {
	option: INodePropertyOptions;
	fields: INodeProperties[];
	execute?: (ctx: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
	executeItem?: (ctx: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;
}

interface Resource {
	name: string;
	/** The operation a new node starts with. */
	default: string;
	operations: Record<string, Operation>;
}

/** Every resource and operation of the TimelinesAI node, one line each: adding an operation is its file plus a line here. */
const RESOURCES: Record<string, Resource> = {
	chat: {
		name: 'Chat',
		default: 'find',
		operations: {
			addLabels: addChatLabels,
			addNote: addChatNote,
			find: findChat,
			getLabels: getChatLabels,
			getMessages: getChatMessages,
			setLabels: setChatLabels,
		},
	},
	file: { name: 'File', default: 'upload', operations: { upload: uploadFile } },
	message: {
		name: 'Message',
		default: 'send',
		operations: {
			get: getMessage,
			getStatus: getMessageStatus,
			react: reactToMessage,
			reply: replyToChat,
			send: sendMessage,
		},
	},
};

/** Resource, then Operation (each option's `action` is its entry in the node creator), then each operation's fields. */
export const timelinesAiProperties: INodeProperties[] = [
	{
		displayName: FIELD.resource,
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: Object.entries(RESOURCES).map(([value, { name }]) => ({ name, value })),
		default: 'message',
	},
	...Object.entries(RESOURCES).map(
		([resource, { operations, default: defaultOperation }]): INodeProperties => ({
			displayName: FIELD.operation,
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: Object.values(operations).map((operation) => operation.option),
			default: defaultOperation,
		}),
	),
	...Object.entries(RESOURCES).flatMap(([resource, { operations }]) =>
		Object.entries(operations).flatMap(([operation, { fields }]) =>
			updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, fields),
		),
	),
];

/**
 * Runs a read operation item by item. An error names its item; with "Continue" the failed item gives
 * exactly one output item (`error`, `hint`; on the error output if the node has one) and the others go on.
 */
async function runPerItem(ctx: IExecuteFunctions, executeItem: NonNullable<Operation['executeItem']>): Promise<INodeExecutionData[][]> {
	const results: INodeExecutionData[] = [];
	let credentials: TimelinesAiCredentials | undefined;
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			// Only to hide its secrets in errors; read inside the loop so that a missing credential is one error per item.
			credentials ??= await getTimelinesAiCredentials(ctx);
			for (const json of await executeItem(ctx, itemIndex)) results.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, secretsOf(credentials ?? {}), itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			results.push(continuedErrorItem(ctx.getNode(), nodeError, itemIndex));
		}
	}
	return [results];
}

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
		const resource = String(this.getNodeParameter('resource', 0));
		const operation = String(this.getNodeParameter('operation', 0));
		const run = RESOURCES[resource]?.operations[operation];
		if (run?.execute) return await run.execute(this);
		if (run?.executeItem) return await runPerItem(this, run.executeItem);
		throw new NodeOperationError(this.getNode(), `The TimelinesAI node has no operation "${operation}" for "${resource}"`, {
			description: 'Open the node and choose the Resource and Operation again.',
		});
	}
}
