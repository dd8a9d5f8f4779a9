import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { DEFAULT_API_BASE_URL } from '../nodes/TimelinesAi/protocol/api-base-url';
import { CREDENTIAL_LABEL } from '../nodes/TimelinesAi/shared/display-names';

/**
 * One credential for the three nodes: the inbound webhook URL sends messages, the API token
 * uploads binary files and lets the trigger register itself. Each field's hint (shown under it, unlike the
 * description, which n8n shows only as a tooltip) says which node needs it.
 */
export class TimelinesAiApi implements ICredentialType {
	name = 'timelinesAiApi';

	displayName = 'TimelinesAI API';

	icon: Icon = { light: 'file:../nodes/TimelinesAi/timelinesai.svg', dark: 'file:../nodes/TimelinesAi/timelinesai.dark.svg' };

	// The README's section; test/unit/docs-links.test.ts checks that every such anchor exists.
	documentationUrl = 'https://github.com/n8n-nodes-timelinesai/n8n-nodes-timelinesai#credential-setup';

	properties: INodeProperties[] = [
		// The URL holds a token (whoever has it can send as the workspace), hence masked, and named so n8n's checks see it is secret.
		{
			displayName: CREDENTIAL_LABEL.inboundUrl,
			name: 'secretInboundUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://app.timelines.ai/integrations/...',
			hint: 'Needed by: TimelinesAI (send). From TimelinesAI → Integrations → Webhooks → Inbound.',
			description:
				'In TimelinesAI open Integrations → Webhooks → Inbound, switch "Webhook enabled" on and copy the URL. Anyone holding it can send messages as your workspace, so keep it secret.',
		},
		{
			displayName: CREDENTIAL_LABEL.defaultSender,
			name: 'defaultSenderPhone',
			type: 'string',
			default: '',
			placeholder: '+15105566777',
			hint: 'Optional, for TimelinesAI (send). Empty: the account connected most recently sends.',
			description:
				'Which connected WhatsApp account sends, as an international number. Leave empty to send from the account connected most recently. Each TimelinesAI Send node can override it.',
		},
		{
			displayName: CREDENTIAL_LABEL.apiToken,
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Needed by: Trigger (automatic setup); TimelinesAI Get Status, Find, the chat and sender lists, and Send for files from earlier nodes. From TimelinesAI → Integrations → Public API.',
			description:
				'From TimelinesAI → Integrations → Public API. Needed to send n8n binary files, for Get Status, Find and the chat and sender lists, and for the TimelinesAI Trigger to register its webhook by itself; with it, Send also reports the chat_id of messages sent to a phone, JID or chat name. Optional if you only send text or file links.',
		},
		{
			displayName: CREDENTIAL_LABEL.apiBaseUrl,
			name: 'apiBaseUrl',
			type: 'string',
			default: DEFAULT_API_BASE_URL,
			hint: 'Leave as is; change it only to test against a local TimelinesAI sandbox.',
			description: 'Leave as is, unless you test against a local TimelinesAI sandbox',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiToken}}' },
		},
	};
}
