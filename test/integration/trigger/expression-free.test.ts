import type { INodeParameters } from 'n8n-workflow';

import type { TriggerWorkflow } from '../../harness/webhook-workflow';
import { useTriggerEnvironment } from './setup';

/**
 * n8n 2.4x with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` builds an expression isolate for a webhook request only
 * when an expression is evaluated (tens of ms of CPU each, the main cost of a delivery under a burst; see
 * docs/benchmarks.md). Our webhook description is literal, so n8n resolves it without the engine; these tests keep
 * the trigger's own part, webhook() reading its parameters as n8n built the node (defaults applied), free of
 * expressions as well, unless the user wrote one.
 */

const env = useTriggerEnvironment();

const RAVI = 20451188;
const SECRET = 'pasted-secret-1';
const HOUR_MS = 3_600_000;

/** Every parameter value n8n had to evaluate as an expression while the trigger handled its deliveries. */
function expressionsEvaluated(trigger: TriggerWorkflow): () => unknown[] {
	const resolve = jest.spyOn(trigger.workflow.expression, 'resolveSimpleParameterValue');
	return () => resolve.mock.calls.map(([value]) => value).filter((value) => typeof value === 'string' && value.startsWith('='));
}

async function outboundTrigger(parameters: INodeParameters, aggregationHours = 0) {
	const trigger = await env.trigger({ setup: 'manual', manualSecret: SECRET, ...parameters });
	await env.control.configureOutbound({ url: `${trigger.url(false)}?secret=${SECRET}`, enabled: true, aggregationHours });
	return trigger;
}

it('the webhook description has no expression for n8n to evaluate', async () => {
	const trigger = await outboundTrigger({});
	for (const description of trigger.nodeType.description.webhooks ?? []) {
		for (const value of Object.values(description)) expect(String(value)).not.toMatch(/^=/);
	}
});

it.each([
	['manual setup, defaults', {}],
	['manual setup, every option set', { chatKind: 'direct', options: { bundles: 'keep', includeRaw: true, deduplicate: true, dedupWindow: 50 } }],
])('a delivery evaluates no expression (%s)', async (_, parameters) => {
	const trigger = await outboundTrigger(parameters);
	const evaluated = expressionsEvaluated(trigger);
	await env.control.simulateIncoming({ chatId: RAVI, text: 'Hi, is the sofa available?' });
	await env.idle();
	expect(env.server.runs).toHaveLength(1);
	expect(evaluated()).toEqual([]);
});

it('the same with automatic setup (registered webhooks)', async () => {
	const trigger = await env.registeredTrigger({ events: ['message:received:new', 'message:sent:new'], chatKind: 'direct' });
	const evaluated = expressionsEvaluated(trigger);
	await env.control.simulateIncoming({ chatId: RAVI, text: 'Is the sofa still available?' });
	await env.idle();
	expect(env.server.runs).toHaveLength(1);
	expect(evaluated()).toEqual([]);
});

it('the same for a bundle and for a refused delivery', async () => {
	await env.control.setClock({ set: '2026-03-02T00:00:00.000Z', frozen: true });
	const trigger = await outboundTrigger({}, 1);
	const evaluated = expressionsEvaluated(trigger);
	await env.control.simulateIncoming({ chatId: RAVI, text: 'first' });
	await env.control.simulateIncoming({ chatId: RAVI, text: 'second' });
	await env.control.advanceClock(HOUR_MS);
	const refused = await fetch(trigger.url(false), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
	await env.idle();
	expect(refused.status).toBe(401);
	expect(env.server.runs.flat()).toHaveLength(2);
	expect(evaluated()).toEqual([]);
});

it('an expression the user wrote is still evaluated (the probe sees it)', async () => {
	const trigger = await outboundTrigger({ chatKind: '={{ "direct" }}' });
	const evaluated = expressionsEvaluated(trigger);
	await env.control.simulateIncoming({ chatId: RAVI, text: 'Hi' });
	await env.idle();
	expect(env.server.runs).toHaveLength(1);
	expect(evaluated()).toEqual(['={{ "direct" }}']);
});
