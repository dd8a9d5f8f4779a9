import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { downloadAttachments } from './attachments';
import { toBundleItem } from './bundle-item';
import { classifyDelivery } from './classify';
import { readConfig, type TriggerConfig } from './config';
import { RecentMessages } from './dedup';
import { passesFilters } from './filters';
import type { ItemAttachment, OutputItem, TriggerItem } from './item-schema';
import { toItems } from './normalise';
import { readRegistrationState } from './registration-state';
import { answer } from './answer';
import { readBody } from './request-body';
import { SECRET_PARAMETER, secretMatches } from './secret';

/** The node answered on the HTTP response itself; n8n must not answer again. */
const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

function expectedSecret(this: IWebhookFunctions, config: TriggerConfig): string | undefined {
	if (config.setup === 'manual') return config.manualSecret || undefined;
	return readRegistrationState(this.getWorkflowStaticData('node')).secret ?? '';
}

function attachmentsOf(item: OutputItem): ItemAttachment[] {
	return 'messages' in item ? item.messages.flatMap((message) => message.attachments) : item.attachments;
}

async function toExecutionItem(
	this: IWebhookFunctions,
	item: OutputItem,
	config: TriggerConfig,
	raw: unknown,
): Promise<INodeExecutionData> {
	const binary = config.download ? await downloadAttachments.call(this, attachmentsOf(item), config.download) : {};
	const json = (config.includeRaw ? { ...item, raw } : item) as unknown as IDataObject;
	return Object.keys(binary).length > 0 ? { json, binary } : { json };
}

/** Messages that pass the filters and were not delivered before; remembers the new ones. */
function freshItems(this: IWebhookFunctions, items: TriggerItem[], config: TriggerConfig) {
	const passing = items.filter((item) => passesFilters(item, config.filters));
	const recent = new RecentMessages(this.getWorkflowStaticData('node'), config.dedupWindow, this.getMode());
	const fresh = passing.filter((item) => !recent.isRepeat(item));
	recent.save();
	return { fresh, filtered: items.length - passing.length, repeated: passing.length - fresh.length };
}

/**
 * One delivery from TimelinesAI: check the URL secret, recognise the shape, normalise, filter, drop
 * repeats, answer 200 at once, then download attachments and start the workflow.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const config = readConfig.call(this);
	const secret = expectedSecret.call(this, config);
	const query = this.getQueryData() as Record<string, unknown>;
	if (secret !== undefined && !secretMatches(secret, query[SECRET_PARAMETER])) {
		answer.call(this, 401, { status: 'error', message: 'Missing or wrong secret in the URL' });
		return ANSWERED;
	}
	const body = readBody.call(this);
	const classified = body.ok ? classifyDelivery(body.body) : body;
	if (!classified.ok) {
		answer.call(this, 400, { status: 'error', message: `Not a TimelinesAI delivery: ${classified.reason}` });
		return ANSWERED;
	}
	const { delivery } = classified;
	const items = toItems(delivery, new Date().toISOString());
	const { fresh, filtered, repeated } = freshItems.call(this, items, config);
	const outputs: OutputItem[] =
		config.keepBundles && delivery.kind === 'legacy-bundle' && fresh.length > 0
			? [toBundleItem(fresh, delivery.body.aggregation ?? null)]
			: fresh;
	answer.call(this, 200, { status: 'ok', items: outputs.length, filtered, repeated });
	if (outputs.length === 0) return ANSWERED;
	const raw = body.ok ? body.body : undefined;
	const workflowItems: INodeExecutionData[] = [];
	for (const output of outputs) workflowItems.push(await toExecutionItem.call(this, output, config, raw));
	return { ...ANSWERED, workflowData: [workflowItems] };
}
