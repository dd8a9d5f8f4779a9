/** What a `timelinesAiApi` credential needs to talk to a TimelinesAI (here: the sandbox). */
export interface TimelinesAiEndpoints {
	inboundUrl: string;
	apiBaseUrl: string;
	apiToken: string;
}

/** Credential data as n8n's public API accepts it for our `timelinesAiApi` type. */
export function timelinesAiCredentialData(endpoints: TimelinesAiEndpoints, defaultSenderPhone = ''): Record<string, string> {
	return {
		secretInboundUrl: endpoints.inboundUrl,
		apiBaseUrl: endpoints.apiBaseUrl,
		apiToken: endpoints.apiToken,
		defaultSenderPhone,
		// n8n adds this field to every credential with `authenticate`; its JSON schema requires a value when omitted.
		allowedHttpRequestDomains: 'all',
	};
}
