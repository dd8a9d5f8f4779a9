import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps in the workflow's static data about its registrations. Ids are kept per
 * endpoint, because the test URL ("Listen for test event") and the production URL are registered
 * and deleted independently and must not forget each other's webhooks.
 */
export interface RegistrationState {
	secret?: string;
	/** endpoint (URL without query) → event type → webhook id */
	registrations?: Record<string, Record<string, number>>;
}

export function readRegistrationState(staticData: IDataObject): RegistrationState {
	return staticData as RegistrationState;
}

export function recordRegistrations(staticData: IDataObject, endpoint: string, ids: Record<string, number>): void {
	const state = staticData as RegistrationState;
	state.registrations = { ...state.registrations, [endpoint]: ids };
}

export function forgetRegistrations(staticData: IDataObject, endpoint: string): number[] {
	const state = staticData as RegistrationState;
	const ids = Object.values(state.registrations?.[endpoint] ?? {});
	if (state.registrations) {
		const rest = { ...state.registrations };
		delete rest[endpoint];
		state.registrations = rest;
	}
	return ids;
}
