import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type Workflow,
} from 'n8n-workflow';

/**
 * Hands out test credentials by type and applies a credential's `authenticate` the way n8n's own
 * CredentialsHelper (packages/cli) does: functions are called, generic ones have their
 * `={{$credentials.x}}` expressions resolved by the workflow's expression engine.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: (name: string) => ICredentialType,
		private readonly credentialsByType: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const { authenticate } = this.credentialTypes(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: string) =>
			String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '');
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			const target = ((requestOptions as unknown as Record<string, Record<string, unknown>>)[outerKey] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getParentTypes(): string[] {
		return [];
	}

	/** Stored data with the type's defaults filled in, like n8n's applyDefaultsAndOverwrites. */
	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const defaults = Object.fromEntries(
			this.getCredentialsProperties(type).map((property) => [property.name, property.default]),
		) as ICredentialDataDecryptedObject;
		return { ...defaults, ...(this.credentialsByType[type] ?? {}) };
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes(type).properties;
	}
}
