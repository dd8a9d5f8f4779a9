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

import { getTeammates, getWhatsappAccountIds, getWhatsappAccounts, searchChats } from './methods/pickers';
import * as addChatLabels from './resources/chat/addLabels';
import * as addChatNote from './resources/chat/addNote';
import * as findChat from './resources/chat/find';
import * as getChat from './resources/chat/get';
import * as getChatLabels from './resources/chat/getLabels';
import * as getManyChats from './resources/chat/getMany';
import * as getChatMessages from './resources/chat/getMessages';
import * as setChatLabels from './resources/chat/setLabels';
import * as updateChat from './resources/chat/update';
import * as uploadFile from './resources/file/upload';
import * as getMessage from './resources/message/get';
import * as getMessageStatus from './resources/message/getStatus';
import * as reactToMessage from './resources/message/react';
import * as replyToChat from './resources/message/reply';
import * as sendMessage from './resources/message/send';
import * as getManyTeammates from './resources/teammate/getMany';
import * as getManyWhatsappAccounts from './resources/whatsappAccount/getMany';
import * as getWorkspace from './resources/workspace/get';
import { runPerItem } from './per-item';
import { CREDENTIAL_TEST_NAME, testTimelinesAiCredential } from './shared/credential-test';
import { FIELD } from './shared/display-names';

/** The node's versions, oldest first; new nodes get the last. 1.1 renamed Chat → Find to Get Many (with more filters). */
const NODE_VERSIONS = [1, 1.1];
export const LATEST_VERSION = NODE_VERSIONS[NODE_VERSIONS.length - 1];

/**
 * One operation, in its own file under `resources/<resource>/`: its entry under Operation, its fields, and what runs.
 * Most give `executeItem` (any number of results per input item, run by `runPerItem`); Send runs all items at once.
 */
interface Operation {
	option: INodePropertyOptions;
	fields: INodeProperties[];
	/** The node versions whose Operation list offers it (all when absent). It still runs in any version, so saved nodes keep working. */
	versions?: number[];
	execute?: (ctx: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
	executeItem?: (ctx: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;
	/** Whether it changes something in TimelinesAI: a failure's error then says which items were done. */
	writes?: boolean;
}

interface Resource {
	name: string;
	/**
	 * The operation a new node starts with; by node version where it changed. An older version keeps its default:
	 * n8n leaves a parameter that has its default value out of a saved workflow.
	 */
	default: string | Record<number, string>;
	operations: Record<string, Operation>;
}

/** Every resource and operation of the TimelinesAI node, one line each: adding an operation is its file plus a line here. */
const RESOURCES: Record<string, Resource> = {
	chat: {
		name: 'Chat',
		default: { 1: 'find', 1.1: 'getMany' },
		operations: {
			addLabels: addChatLabels,
			addNote: addChatNote,
			find: findChat,
			get: getChat,
			getLabels: getChatLabels,
			getMany: getManyChats,
			getMessages: getChatMessages,
			setLabels: setChatLabels,
			update: updateChat,
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
	teammate: { name: 'Teammate', default: 'getMany', operations: { getMany: getManyTeammates } },
	whatsappAccount: { name: 'WhatsApp Account', default: 'getMany', operations: { getMany: getManyWhatsappAccounts } },
	workspace: { name: 'Workspace', default: 'get', operations: { get: getWorkspace } },
};

/**
 * A resource's Operation field: one, or one per node version where the offered operations or the default differ,
 * each shown only for its versions (`@version`, as n8n's own nodes do).
 */
function operationFields(resource: string, { operations, default: defaults }: Resource): INodeProperties[] {
	const byList = new Map<string, { versions: number[]; options: INodePropertyOptions[]; defaultOperation: string }>();
	for (const version of NODE_VERSIONS) {
		const offered = Object.values(operations).filter((operation) => operation.versions?.includes(version) ?? true);
		const defaultOperation = typeof defaults === 'string' ? defaults : defaults[version];
		const key = JSON.stringify([offered.map((operation) => operation.option.value), defaultOperation]);
		const list = byList.get(key) ?? { versions: [], options: offered.map((operation) => operation.option), defaultOperation };
		list.versions.push(version);
		byList.set(key, list);
	}
	// Newest first: n8n's node creator takes the first Operation field that matches a resource (2.41 filters by the
	// newest version first; older releases may not), and new nodes must get the newest list.
	return [...byList.values()].reverse().map(({ versions, options, defaultOperation }) => ({
		displayName: FIELD.operation,
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource], ...(byList.size > 1 ? { '@version': versions } : {}) } },
		options,
		default: defaultOperation,
	}));
}

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
	...Object.entries(RESOURCES).flatMap(([resource, definition]) => operationFields(resource, definition)),
	...Object.entries(RESOURCES).flatMap(([resource, { operations }]) =>
		Object.entries(operations).flatMap(([operation, { fields }]) =>
			updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, fields),
		),
	),
];

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
		// New nodes get the last version. No `defaultVersion` (it would say the same): n8n (2.41) adds its Custom API
		// Call entries only to nodes without one or whose `defaultVersion` equals `version`, which an array never does.
		version: NODE_VERSIONS,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send and reply to WhatsApp messages, and manage chats, labels, notes, files and teammates in TimelinesAI',
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
		loadOptions: { getTeammates, getWhatsappAccountIds, getWhatsappAccounts },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = String(this.getNodeParameter('resource', 0));
		const operation = String(this.getNodeParameter('operation', 0));
		const run = RESOURCES[resource]?.operations[operation];
		if (run?.execute) return await run.execute(this);
		if (run?.executeItem) return await runPerItem(this, { ...run, executeItem: run.executeItem });
		throw new NodeOperationError(this.getNode(), `The TimelinesAI node has no operation "${operation}" for "${resource}"`, {
			description: 'Open the node and choose the Resource and Operation again.',
		});
	}
}
