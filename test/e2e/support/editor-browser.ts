import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { chromium, selectors, type Browser, type BrowserServer, type Locator, type Page } from 'playwright-core';

import { ensurePrograms, type NeededProgram } from '../../tools/n8n/queue/debian-packages';
import { readSharedN8n } from './shared-n8n';

/**
 * What a person sees in n8n's editor, checked with headless Chromium (Debian's package, driven by playwright-core).
 *
 * The e2e project's global setup (test/e2e/releases/n8n-2.41.setup.ts) starts one browser for the whole run
 * (`startSuiteBrowser`); each test file connects to it with `openEditor()`, already logged in as the shared n8n's
 * owner, and gets a small API: open a workflow, a node's panel, a credential dialog or the node creator, read what is
 * visible, and save screenshots into test/e2e/screenshots/ (gitignored) for people to look at.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '../screenshots');

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Runs in the page (a string: the test TypeScript config has no DOM library); spinners loop forever and are ignored. */
const FINITE_ANIMATIONS_DONE =
	'document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity)';

/** n8n's editor needs room for its side panels; the screenshots are taken at this size. */
const VIEWPORT = { width: 1440, height: 900 };

/** Debian's `chromium`, installed when missing: the project's own files install what the tests need. */
const CHROMIUM: NeededProgram = { debianPackage: 'chromium', locate: () => (existsSync(CHROMIUM_PATH) ? CHROMIUM_PATH : undefined) };

/** One Chromium for the whole e2e run; test files connect to its `wsEndpoint()`. */
export async function startSuiteBrowser(): Promise<BrowserServer> {
	await ensurePrograms([CHROMIUM]);
	return await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** How many lines of text an element shows: the distinct rows its text's line boxes sit on. */
export async function visibleLineCount(element: Locator): Promise<number> {
	return await element.evaluate((node) => {
		const range = node.ownerDocument.createRange();
		range.selectNodeContents(node);
		const rows: number[] = [];
		// Typed by hand: the test TypeScript config has no DOM library.
		const rects = Array.from(range.getClientRects()) as Array<{ top: number; height: number }>;
		for (const rect of rects) {
			if (rect.height > 0 && !rows.some((top) => Math.abs(top - rect.top) < rect.height / 2)) rows.push(rect.top);
		}
		return rows.length;
	});
}

export interface EditorSession {
	readonly page: Page;
	/** Opens a workflow on the canvas and waits until its nodes are drawn. */
	openWorkflow(workflowId: string): Promise<void>;
	/** Opens a node's panel (double click on the canvas) and returns the panel. */
	openNode(nodeName: string): Promise<Locator>;
	/** Opens a saved credential's dialog and returns it. */
	openCredential(credentialId: string): Promise<Locator>;
	/**
	 * Opens the node creator ("+") on a workflow (a new empty one, where it offers triggers, unless `workflowId` is
	 * given), searches for `search` and returns the names of the entries it finds (at least one named like the search).
	 */
	nodeCreatorSearch(search: string, workflowId?: string): Promise<string[]>;
	/**
	 * Opens the entry named `entry` among the node creator's search results and returns the names of the actions and
	 * events it lists, its collapsed categories ("Actions (3)") opened.
	 */
	nodeCreatorActions(entry: string): Promise<string[]>;
	/**
	 * Opens a dropdown of the panel (`select`: an element holding one of n8n's selects, e.g. a `parameter-input-<name>`)
	 * and returns its list, once shown; the list is teleported out of the panel, so it is found by the id the select's
	 * input points at.
	 */
	openDropdown(select: Locator): Promise<Locator>;
	/** Picks the option labelled `label` in an open dropdown's list and waits for the list to close. */
	pick(list: Locator, label: string): Promise<void>;
	/** Opens the panel's node again from the canvas, to see what was kept of what was typed. */
	reopenNode(nodeName: string): Promise<Locator>;
	/** Saves a screenshot of the page (or of one element) as test/e2e/screenshots/<name>.png and returns its path. */
	screenshot(name: string, element?: Locator): Promise<string>;
	close(): Promise<void>;
}

/** The labels of a dropdown list's options, without the descriptions n8n shows under some of them. */
export async function optionLabels(list: Locator): Promise<string[]> {
	return await list
		.getByRole('option')
		.evaluateAll((options) => options.map((option) => (option.querySelector('.option-headline') ?? option).textContent?.trim() ?? ''));
}

/** An input's value once it no longer shows `loading` (a dropdown reading its options), or still that after 30 s. */
export async function inputValueOnceLoaded(input: Locator, loading: string): Promise<string> {
	await input
		.page()
		.waitForFunction(([element, text]) => (element as { value?: string } | null)?.value !== text, [await input.elementHandle(), loading] as const, {
			timeout: 30_000,
		})
		.catch(() => undefined); // the caller's assertion shows what is still there
	return await input.inputValue();
}

/** The owner's session cookie of the shared n8n (see support/start-shared-n8n.ts), for a browser context. */
function sessionCookie(baseUrl: string): { name: string; value: string; url: string } {
	const [pair] = readSharedN8n().sessionCookie.split(';');
	const separator = pair.indexOf('=');
	return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), url: baseUrl };
}

/** A page of the shared n8n's editor, logged in as its owner, in the run's one browser. */
export async function openEditor(): Promise<EditorSession> {
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute, for getByTestId
	const { baseUrl, browserWsEndpoint } = readSharedN8n();
	if (!browserWsEndpoint) throw new Error('No browser for the e2e run: the e2e project global setup (support/start-shared-n8n.ts) starts it');
	const browser: Browser = await chromium.connect(browserWsEndpoint);
	const context = await browser.newContext({ viewport: VIEWPORT, baseURL: baseUrl });
	await context.addCookies([sessionCookie(baseUrl)]);
	const page = await context.newPage();
	mkdirSync(SCREENSHOT_DIR, { recursive: true });

	/** Lets dialogs and panels finish sliding or fading in, so screenshots show them as a person does. */
	const settled = async () =>
		await page
			.waitForFunction(FINITE_ANIMATIONS_DONE, undefined, { timeout: 5_000 })
			.catch(() => undefined); // a screenshot mid-animation is still worth having

	const nodeCreator = page.getByTestId('node-creator');
	const itemNames = async (within: Locator) =>
		(await within.getByTestId('node-creator-item-name').allInnerTexts()).map((text) => text.trim());
	const canvasNode = (name: string) => page.getByTestId('canvas-node').and(page.locator(`[data-node-name="${name}"]`));

	const session: EditorSession = {
		page,
		async openWorkflow(workflowId) {
			await page.goto(`/workflow/${workflowId}`);
			await page.getByTestId('canvas-node').first().waitFor();
		},
		async openNode(nodeName) {
			await canvasNode(nodeName).dblclick();
			const panel = page.getByTestId('ndv');
			await panel.getByTestId('node-parameters').waitFor();
			await settled();
			return panel;
		},
		async openDropdown(select) {
			const input = select.locator('input[aria-controls]').first();
			await input.click();
			const list = page.locator(`[id="${await input.getAttribute('aria-controls')}"]`);
			await list.waitFor();
			await settled();
			return list;
		},
		async pick(list, label) {
			await list.getByRole('option').filter({ has: page.getByText(label, { exact: true }) }).click();
			await list.waitFor({ state: 'hidden' });
		},
		async reopenNode(nodeName) {
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
			return await session.openNode(nodeName);
		},
		async openCredential(credentialId) {
			await page.goto(`/home/credentials/${credentialId}`);
			const dialog = page.getByTestId('editCredential-modal');
			await dialog.getByTestId('parameter-input-field').first().waitFor();
			await settled();
			return dialog;
		},
		async nodeCreatorSearch(search, workflowId) {
			if (workflowId) await session.openWorkflow(workflowId);
			else await page.goto('/workflow/new');
			await page.getByTestId('node-creator-plus-button').click();
			await nodeCreator.getByTestId('node-creator-search-bar').fill(search);
			// The list before the search stays a moment; the search's results are in when an entry named like it shows.
			await nodeCreator.getByTestId('node-creator-item-name').filter({ hasText: search }).first().waitFor();
			await settled();
			return await itemNames(nodeCreator);
		},
		async nodeCreatorActions(entry) {
			await nodeCreator.getByTestId('item-iterator-item').filter({ has: page.getByText(entry, { exact: true }) }).click();
			// The entry's own view groups its actions and events under categories ("Triggers (16)", "Actions (3)").
			// Its categories render one after another, so the view is read until two reads agree (CI once read it
			// with only the first category in); only that view's items, as the search results may still slide out beside it.
			const categories = nodeCreator.getByTestId('node-creator-category-item');
			await categories.first().waitFor();
			const read = async () => {
				const count = await categories.count();
				const view = categories
					.first()
					.locator(`xpath=ancestor::*[count(.//*[@data-test-id="node-creator-category-item"]) = ${count}][1]`);
				const collapsed = view.locator('[data-category-collapsed="true"]').getByTestId('node-creator-category-item');
				while ((await collapsed.count()) > 0) await collapsed.first().click();
				await settled();
				return await itemNames(view);
			};
			let names = await read();
			for (let attempt = 0; attempt < 20; attempt++) {
				await page.waitForTimeout(250);
				const again = await read();
				if (again.join('\n') === names.join('\n')) break;
				names = again;
			}
			return names;
		},
		async screenshot(name, element) {
			const file = path.join(SCREENSHOT_DIR, `${name}.png`);
			await (element ?? page).screenshot({ path: file });
			return file;
		},
		async close() {
			await context.close();
			await browser.close();
		},
	};
	return session;
}
