import { CREDENTIAL_TYPE, NODE_TYPES } from '../../scripts/n8n/instance';
import { connectSharedN8n } from './support/shared-n8n';

describe('the packed package installed into a real n8n the way n8n installs community packages', () => {
	it('loads the Send and Trigger node types', async () => {
		const { client } = connectSharedN8n();
		expect(await client.isNodeTypeKnown(NODE_TYPES.send)).toBe(true);
		expect(await client.isNodeTypeKnown(NODE_TYPES.trigger)).toBe(true);
		expect(await client.isNodeTypeKnown('n8n-nodes-timelinesai.noSuchNode')).toBe(false);
	});

	it('accepts a credential of our type through the public API', async () => {
		const { client } = connectSharedN8n();
		const credential = await client.createCredential('TimelinesAI smoke', CREDENTIAL_TYPE, {
			inboundUrl: 'http://127.0.0.1:9/inbound/smoke',
			apiBaseUrl: 'http://127.0.0.1:9/integrations/api',
			apiToken: 'smoke-token',
			defaultSenderPhone: '',
			allowedHttpRequestDomains: 'all',
		});
		expect(credential.id).toEqual(expect.any(String));
		const listed = await client.listCredentials();
		expect(listed).toContainEqual(expect.objectContaining({ id: credential.id, type: CREDENTIAL_TYPE }));
	});
});
