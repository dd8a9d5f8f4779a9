import { randomUUID } from 'node:crypto';

import { type V2MessageEvent, v2MessageEventSchema } from '../../../nodes/TimelinesAi/protocol';
import type { SandboxControl } from '../../sandbox';

/** A delivery the sandbox made to a trigger: the URL it registered (with its secret) and the body. */
export interface RecordedDelivery {
	url: string;
	payload: V2MessageEvent;
}

/** What the trigger answers a delivery: HTTP status and its `{items, filtered, repeated}` counts. */
export interface TriggerAnswer {
	status: number;
	items: number;
	repeated: number;
	/** The start of the body of an answer other than 2xx, to tell why in a failing test. */
	error?: string;
}

/** The sandbox's delivery of the message with `text` to the trigger whose webhook id is `webhookId`. */
export async function recordedDelivery(control: SandboxControl, webhookId: string, text: string): Promise<RecordedDelivery> {
	const { deliveries } = await control.state();
	const delivery = deliveries.find((candidate) => candidate.url.includes(`/webhook/${webhookId}/`) && JSON.stringify(candidate.payload).includes(text));
	if (!delivery) throw new Error(`The sandbox recorded no delivery of "${text}" to webhook ${webhookId}`);
	return { url: delivery.url, payload: v2MessageEventSchema.parse(delivery.payload) };
}

/** The recorded delivery with a message TimelinesAI has not delivered before (new uid and text). */
export function withNewMessage(template: V2MessageEvent, text: string): V2MessageEvent {
	return v2MessageEventSchema.parse({ ...template, message: { ...template.message, message_uid: randomUUID(), text } });
}

/** The same webhook URL (path and secret) on another n8n process, e.g. one webhook process instead of the balancer. */
export function onProcess(url: string, processUrl: string): string {
	const target = new URL(url);
	target.host = new URL(processUrl).host;
	return target.toString();
}

/** POSTs a delivery as TimelinesAI does. */
export async function deliver(url: string, payload: V2MessageEvent): Promise<TriggerAnswer> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
	const text = await response.text();
	if (!response.ok) return { status: response.status, items: 0, repeated: 0, error: text.slice(0, 200) };
	const answer = JSON.parse(text) as { items: number; repeated: number };
	return { status: response.status, items: answer.items, repeated: answer.repeated };
}
