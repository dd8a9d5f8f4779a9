import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type ILoadOptionsFunctions, type INode, type INodeParameters, type INodeType } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { stopN8nBackgroundTimers } from './n8n-services';
import { loadPackage, nodeTypeName } from './package-loader';

export interface EditorListOptions {
	/** Short node name, e.g. `timelinesAi`. */
	node: string;
	/** The node's fields as the editor holds them when it asks for the list. */
	parameters: INodeParameters;
	/** Path of the field whose list is asked for, e.g. `parameters.chatId`. */
	path: string;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

/**
 * The context and node type n8n's DynamicNodeParametersService builds when the editor asks for a list
 * (`listSearch`, `loadOptions`): a one-node workflow and n8n-core's LoadOptionsContext.
 */
export async function editorListContext(options: EditorListOptions): Promise<{ context: ILoadOptionsFunctions; nodeType: INodeType }> {
	const pkg = await loadPackage();
	const node: INode = {
		id: 'node-in-editor',
		name: 'Node in the editor',
		type: nodeTypeName(options.node),
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(Object.keys(options.credentials).map((type) => [type, { id: `${type}-id`, name: type }])),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const additionalData = createAdditionalData({ package: pkg, credentials: options.credentials });
	// As n8n's DynamicNodeParametersService does: a list may depend on the node's other fields (getCurrentNodeParameter).
	additionalData.currentNodeParameters = options.parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path);
	// The context's constructor started n8n's SSH cleanup timer (see n8n-services.ts); the list needs no tunnel.
	stopN8nBackgroundTimers();
	return { context, nodeType: pkg.nodeType(options.node) };
}
