import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_SANDBOX_PORT, type RunningSandbox, SandboxControl, startSandbox } from '../sandbox';
import { type DemoName, DEMO_WORKFLOWS, loadDemoWorkflow, SEND_FORM_PATH, triggerUrl } from './demo-workflows';
import { timelinesAiCredentialData } from './n8n/credential';
import { DataTables } from './n8n/data-tables';
import { REPO_ROOT } from './n8n/install-package';
import { CREDENTIAL_TYPE, launchN8nWithPackage, NODE_TYPES, type N8nWithPackage } from './n8n/instance';
import { LAZY_ISOLATES_ENV } from './n8n/process';
import { formatDuration, progress } from './n8n/log';
import type { N8nClient } from './n8n/rest-client';
import { runCommand } from './n8n/run-command';
import { ensureN8nRuntime, findN8nRelease } from './n8n/runtime';
import { dataTablesOf, listTemplates, withTimelinesAiCredential } from './templates';

/**
 * `npm start [-- --json] [-- --port N] [-- --n8n 1.123]`: build, pack and install this package into a real n8n (the newest
 * tested release unless --n8n names another; user folder test/tools/.n8n-runtime/n8n-<version>/, kept between starts), start the
 * sandbox and n8n on loopback, set up the owner, the credential, the demo workflows and the templates of templates/ (inactive,
 * with their Data tables), then run until Ctrl-C / SIGTERM.
 */

function option(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

const RELEASE = findN8nRelease(option('--n8n'));
// One folder per release: n8n migrates its database forward only, so a newer n8n's folder cannot serve an older one.
const USER_FOLDER = path.join(__dirname, '.n8n-runtime', `n8n-${RELEASE.version}`);
const STATE_FILE = path.join(USER_FOLDER, 'start-state.json');
const CREDENTIAL_NAME = 'TimelinesAI sandbox';
/**
 * Same token seed, same sandbox tokens: the credential stays valid from one start to the next. Message ids stay
 * random, or the demo trigger would take new messages for repeats of ones it remembers from an earlier start.
 */
const SANDBOX_SEED = 20260302;
const DEFAULT_N8N_PORT = 5678;
/** The sandbox's Sales account, whose chats hold Ravi Kumar: the demo messages land in his existing chat. */
const DEMO_SENDER_PHONE = '+15105566777';

/** What a start remembers for the next one (the n8n database keeps the rest). */
interface StartState {
	apiKey?: string;
	credentialId?: string;
	workflows: Partial<Record<DemoName, string>>;
	/** Template file name → workflow id. */
	templates?: Record<string, string>;
}

function readState(): StartState {
	if (!existsSync(STATE_FILE)) return { workflows: {} };
	return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StartState;
}

function portOption(): number {
	const given = option('--port');
	const port = given === undefined ? DEFAULT_N8N_PORT : Number(given);
	if (!Number.isInteger(port) || port <= 0) throw new Error('--port needs a port number, e.g. --port 5688');
	return port;
}

async function ensureCredential(client: N8nClient, state: StartState, sandbox: RunningSandbox) {
	const data = timelinesAiCredentialData(sandbox, DEMO_SENDER_PHONE);
	const existing = (await client.listCredentials()).find((credential) => credential.id === state.credentialId);
	if (existing) {
		await client.updateCredential(existing.id, data);
		return { id: existing.id, name: existing.name };
	}
	return await client.createCredential(CREDENTIAL_NAME, CREDENTIAL_TYPE, data);
}

/** Imports the demos missing from n8n (kept ones stay as the user left them) and activates those not active. */
async function ensureDemoWorkflows(client: N8nClient, state: StartState, credential: { id: string; name: string }) {
	const present = new Map((await client.listWorkflows()).map((workflow) => [workflow.id, workflow]));
	const ids: Record<DemoName, string> = { sendMessage: '', autoReply: '', crmNote: '' };
	for (const name of Object.keys(DEMO_WORKFLOWS) as DemoName[]) {
		const known = state.workflows[name];
		const workflow = (known && present.get(known)) || (await client.createWorkflow(loadDemoWorkflow(name, credential)));
		ids[name] = workflow.id;
		if (!workflow.active) await client.activateWorkflow(workflow.id);
	}
	return ids;
}

/**
 * Imports the templates missing from n8n (kept ones stay as the user left them), inactive: each needs the setup its
 * sticky note describes. Their Data tables are created when missing, so that only that setup is left.
 */
async function ensureTemplates(client: N8nClient, state: StartState, credential: { id: string; name: string }) {
	const present = new Set((await client.listWorkflows()).map((workflow) => workflow.id));
	const tables = await DataTables.connect(client);
	const ids: Record<string, string> = {};
	for (const template of listTemplates()) {
		const known = state.templates?.[template.file];
		ids[template.file] = known && present.has(known) ? known : (await client.createWorkflow(withTimelinesAiCredential(template.workflow, credential))).id;
		for (const [name, columns] of dataTablesOf(template.workflow)) await tables.ensure(name, columns);
	}
	return ids;
}

/**
 * Re-registers every active TimelinesAI Trigger, the demos' and the user's own: the sandbox starts empty each time,
 * and n8n does not ask a trigger to check its webhooks on start-up. Without this a trigger still shows active but
 * never fires again.
 */
async function reregisterTriggers(client: N8nClient): Promise<void> {
	const { reactivated, failed } = await client.reactivateWorkflowsWith(NODE_TYPES.trigger);
	progress(`registered the webhooks of ${reactivated.length} active workflow(s) with a TimelinesAI Trigger again`);
	for (const { workflow, error } of failed) progress(`could not activate "${workflow.name}" again: ${error}`);
}

function summary(instance: N8nWithPackage, sandbox: RunningSandbox): string {
	const editor = instance.n8n.baseUrl;
	const control = sandbox.controlUrl;
	return [
		'',
		'n8n with n8n-nodes-timelinesai is running (stop with Ctrl-C).',
		'',
		`  Editor:    ${editor}`,
		`  Login:     ${instance.owner.email} / ${instance.owner.password}`,
		`  n8n log:   ${instance.n8n.logFile}`,
		`  Sandbox (a local TimelinesAI; the "${CREDENTIAL_NAME}" credential points at it):`,
		`    Inbound webhook URL: ${sandbox.inboundUrl}`,
		`    API base URL:        ${sandbox.apiBaseUrl}`,
		`    State (messages, webhooks, deliveries): ${control}/state`,
		'',
		'Try this:',
		`  1. Send a WhatsApp message: open ${editor}/form/${SEND_FORM_PATH}, keep the phone +919812345678 (Ravi Kumar),`,
		'     type a message and submit. The form answers "Sent" with the message id (or "Not sent" and why: try 12345);',
		`     the message appears in ${control}/state under "messages". In the editor, "Execute workflow" opens the same form.`,
		'  2. Reply automatically: simulate a message from Ravi arriving in TimelinesAI:',
		`       curl -X POST ${control}/messages -H 'content-type: application/json' -d '{"chatId":20451188,"text":"Is the sofa still available?"}'`,
		'     The workflow "TimelinesAI demo: reply to every received message" runs (Executions tab) and its reply',
		'     shows up in the sandbox state a few seconds later (TimelinesAI paces its sends).',
		'  3. Make a CRM note from a bundle: simulate two or three more messages as in step 2, then deliver the hourly bundle now:',
		`       curl -X POST ${control}/outbound/flush`,
		'     The workflow "TimelinesAI demo: CRM note from an hourly bundle" runs once, with the whole conversation as HTML.',
		'  4. Templates: the workflows "TimelinesAI: ..." (templates/ in this repository) are imported, inactive, with their',
		'     Data tables. Each one\'s sticky note says what to set before activating it.',
		'',
	].join('\n');
}

async function main(): Promise<void> {
	const json = process.argv.includes('--json');
	const port = portOption();
	const started = Date.now();
	let instance: N8nWithPackage | undefined;
	let sandbox: RunningSandbox | undefined;

	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		progress('stopping n8n and the sandbox');
		await instance?.stop();
		await sandbox?.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		progress('building the package (npm run build)');
		await runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT });
		sandbox = await startSandbox({ port: DEFAULT_SANDBOX_PORT, tokenSeed: SANDBOX_SEED });
		progress(`sandbox listening on ${sandbox.baseUrl}`);

		mkdirSync(USER_FOLDER, { recursive: true });
		const state = readState();
		instance = await launchN8nWithPackage({
			userFolder: USER_FOLDER,
			port,
			apiKey: state.apiKey,
			runtime: await ensureN8nRuntime(RELEASE),
			env: LAZY_ISOLATES_ENV,
		});
		const credential = await ensureCredential(instance.client, state, sandbox);
		const workflows = await ensureDemoWorkflows(instance.client, state, credential);
		const templates = await ensureTemplates(instance.client, state, credential);
		await reregisterTriggers(instance.client);
		const crmNote = loadDemoWorkflow('crmNote', credential);
		await new SandboxControl(sandbox.controlUrl).configureOutbound({
			url: triggerUrl(instance.n8n.baseUrl, crmNote),
			enabled: true,
			aggregationHours: 1,
		});
		void instance.n8n.exited.then(() => {
			if (!stopping) {
				progress(`n8n stopped unexpectedly; see ${instance?.n8n.logFile}`);
				void stop(1);
			}
		});
		const nextState: StartState = { apiKey: instance.apiKey, credentialId: credential.id, workflows, templates };
		writeFileSync(STATE_FILE, JSON.stringify(nextState, null, 2));
		progress(`ready in ${formatDuration(Date.now() - started)}`);
	} catch (error) {
		progress(`npm start failed: ${(error as Error).message}`);
		await stop(1);
		return;
	}

	const { inboundUrl, apiBaseUrl, apiToken, controlUrl } = sandbox;
	if (json) {
		const { email, password } = instance.owner;
		const editorUrl = instance.n8n.baseUrl;
		process.stdout.write(`${JSON.stringify({ editorUrl, email, password, sandbox: { inboundUrl, apiBaseUrl, apiToken, controlUrl } })}\n`);
	} else {
		process.stdout.write(summary(instance, sandbox));
	}
}

void main();
