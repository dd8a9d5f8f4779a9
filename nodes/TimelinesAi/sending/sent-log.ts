import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * What this node sent, so that n8n's retries never send an accepted message a second time.
 *
 * An entry is keyed by a fingerprint of the message (recipient, sender, text, file) and says which
 * execution sent it and TimelinesAI's message id (or that its fate is unknown: the connection broke,
 * or a gateway answered 5xx, after the request went out). It is kept in two places:
 * - process memory, which outlives an execution: it covers Retry On Fail (the same execution runs the
 *   node again) and the Retry of a failed execution in the same n8n process, also with the original
 *   workflow, whose static data is the snapshot taken before the failed run wrote anything;
 * - the node's static data, which n8n saves after every execution that is not a manual test run,
 *   failed ones too: it covers a restarted n8n and another process (queue mode) when the retry loads
 *   the current workflow.
 *
 * An entry counts only for a re-run: the same execution, or a Retry (mode `retry`) within the window.
 * A new execution is a new intent and sends again: the same text to the same person next week is no
 * mistake.
 */

export interface SentEntry {
	/** TimelinesAI's message id, or null when it may or may not have been sent. */
	messageId: string | null;
	executionId: string;
	/** When it was sent (ms since 1970). */
	at: number;
}

/** A Retry later than this is treated as a new run. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Entries of earlier executions kept, so a node sending thousands of messages a day does not grow the workflow's
 * stored data. The current execution's entries are all kept, however many: a Retry must skip every one of them.
 */
const MAX_EARLIER_ENTRIES = 500;

const STATIC_KEY = 'sentLog';

type Entries = Record<string, SentEntry>;

/** Shared by every execution in this n8n process, per workflow and node. */
const memory = new Map<string, Entries>();

/** The message's identity: the same recipient, sender, text and file give the same fingerprint. */
export function fingerprint(parts: Array<string | undefined>): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function isEntry(value: unknown): value is SentEntry {
	const entry = value as SentEntry;
	return (
		typeof entry === 'object' &&
		entry !== null &&
		(typeof entry.messageId === 'string' || entry.messageId === null) &&
		typeof entry.executionId === 'string' &&
		typeof entry.at === 'number'
	);
}

/** None older than the window; every entry of `executionId`, and the newest MAX_EARLIER_ENTRIES of the others. */
function pruned(entries: Entries, executionId: string, now: number): Entries {
	const fresh = Object.entries(entries).filter(([, entry]) => isEntry(entry) && now - entry.at < RETRY_WINDOW_MS);
	const current = fresh.filter(([, entry]) => entry.executionId === executionId);
	const earlier = fresh
		.filter(([, entry]) => entry.executionId !== executionId)
		.sort(([, a], [, b]) => b.at - a.at)
		.slice(0, MAX_EARLIER_ENTRIES);
	return Object.fromEntries([...earlier, ...current]);
}

export class SentLog {
	private readonly executionId: string;

	private readonly isRetry: boolean;

	private readonly memoryKey: string;

	private readonly stored: IDataObject;

	private entries: Entries;

	constructor(context: IExecuteFunctions, now = Date.now()) {
		const workflowId = context.getWorkflow().id ?? '';
		this.memoryKey = `${workflowId}\u0000${context.getNode().id}`;
		this.executionId = context.getExecutionId() ?? '';
		this.isRetry = context.getMode() === 'retry';
		this.stored = context.getWorkflowStaticData('node');
		const fromStatic = (this.stored[STATIC_KEY] ?? {}) as Entries;
		const fromMemory = memory.get(this.memoryKey) ?? {};
		this.entries = pruned({ ...fromStatic, ...fromMemory }, this.executionId, now);
		memory.set(this.memoryKey, this.entries);
	}

	/** The earlier send this item repeats, when this run is a re-run of the one that sent it. */
	earlierSend(print: string, now = Date.now()): SentEntry | undefined {
		const entry = this.entries[print];
		if (!entry) return undefined;
		if (entry.executionId === this.executionId) return entry;
		return this.isRetry && now - entry.at < RETRY_WINDOW_MS ? entry : undefined;
	}

	/** Into process memory at once (the map `memory` holds), so a failing later item cannot lose it. */
	record(print: string, messageId: string | null, now = Date.now()): void {
		const entry = { messageId, executionId: this.executionId, at: now };
		this.entries[print] = entry;
		// Another execution of this node may have put its own map there since (the same workflow, running at once).
		const shared = memory.get(this.memoryKey);
		if (shared) shared[print] = entry;
		else memory.set(this.memoryKey, this.entries);
	}

	/**
	 * Into static data only when the run fails, the one case a Retry follows: n8n saves the whole workflow's
	 * static data after an execution, last write wins, so every needless write could undo what the trigger
	 * stored meanwhile. Never during a Retry, whose original-workflow copy is the snapshot from before.
	 */
	persist(): void {
		if (!this.isRetry) this.stored[STATIC_KEY] = this.entries as unknown as IDataObject;
	}
}
