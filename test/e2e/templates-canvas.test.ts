import path from 'node:path';

import { DataTables } from '../tools/n8n/data-tables';
import { dataTablesOf, listTemplates, STICKY_NOTE_NODE_TYPE } from '../tools/templates';
import { openEditor, SCREENSHOT_DIR, type EditorSession } from './support/editor-browser';
import { appWorkflow } from './support/workflows';
import { importWithCli, namedCredential, placeholderCredential } from './support/templates';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * Every template on the editor's canvas, as a user sees it after importing the file: every node there by name, none
 * flagged with an issue (unknown type, missing parameter or credential), the whole flow and its sticky notes in view.
 * The screenshots (test/e2e/screenshots/template-<file>.png) are the pictures of docs/templates.md's gallery.
 */

/** The gallery's picture: the canvas alone at this size, the whole flow and its sticky notes readable, the files small. */
const CANVAS_SIZE = { width: 1280, height: 800 };
/**
 * Hidden while the picture is taken, as they would cover nodes: the canvas's floating controls (zoom buttons), what
 * floats beside the flow in its wrapper (Execute workflow, the "+" column), and the Editor / Executions tabs.
 */
const HIDE_CANVAS_BUTTONS = [
	'.vue-flow__panel',
	'[data-test-id="canvas-wrapper"] > :not(:first-child)',
	'.tab-bar-container',
].join(', ').concat(' { visibility: hidden !important; }');
/** The markers n8n 2.41 draws on a node: parameter or credential issues (a warning triangle), and an uninstalled type. */
const ISSUE_MARKERS = '[data-test-id="node-issues"], [data-test-id="node-not-installed"]';
/** Template 7's chat model asks for the credential of this name: a user with an OpenAI credential of that name gets it picked. */
const OPENAI_CREDENTIAL = { name: 'OpenAI account', type: 'openAiApi', data: { apiKey: 'sk-not-a-real-key' } };

let world: E2eWorld;
let editor: EditorSession;

beforeAll(async () => {
	world = await startE2eWorld('templates canvas');
	await placeholderCredential(world);
	await namedCredential(world, OPENAI_CREDENTIAL.name, OPENAI_CREDENTIAL.type, OPENAI_CREDENTIAL.data);
	const tables = await DataTables.connect(world.client);
	for (const template of listTemplates()) {
		for (const [name, columns] of dataTablesOf(template.workflow)) await tables.ensure(name, columns);
	}
	editor = await openEditor();
});
afterAll(async () => {
	await editor?.close();
	await world?.close();
});

type Box = { x: number; y: number; width: number; height: number };
const within = (inner: Box, outer: Box) =>
	inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Opens the workflow in the editor, its canvas `CANVAS_SIZE` and zoomed to fit. */
async function showOnCanvas(workflowId: string): Promise<void> {
	await editor.openWorkflow(workflowId);
	await sizeCanvas();
	await zoomToFit();
}

/** Sizes the window so that the canvas (the page less the editor's header, side bar and logs bar) is `CANVAS_SIZE`. */
async function sizeCanvas(): Promise<void> {
	const { page } = editor;
	const canvas = (await page.getByTestId('canvas-wrapper').boundingBox())!;
	const window = page.viewportSize()!;
	await page.setViewportSize({ width: window.width + CANVAS_SIZE.width - canvas.width, height: window.height + CANVAS_SIZE.height - canvas.height });
}

/** Zooms the canvas to fit and waits until its viewport stops moving (the zoom is animated). */
async function zoomToFit(): Promise<void> {
	const { page } = editor;
	await page.getByTestId('zoom-to-fit').click();
	await page.mouse.move(0, 0); // off the canvas: a hovered trigger shows an "Execute workflow" button beside it
	const transform = () => page.locator('.vue-flow__viewport').evaluate((element) => (element as { style: { transform: string } }).style.transform);
	let previous = '';
	for (let current = await transform(); current !== previous; current = await transform()) {
		previous = current;
		await page.waitForTimeout(300);
	}
}

/**
 * The check itself, on a node n8n flags (Chat → Add Note without its chat and note): the marker is found at the same
 * moment the templates' canvases are checked, so a template passes because its nodes have none, not because it was early.
 */
it('sees the marker n8n draws on a node with an issue', async () => {
	const definition = appWorkflow('canvas: issue marker', world.credential, { resource: 'chat', operation: 'addNote' });
	await showOnCanvas((await world.createWorkflow(definition, { activate: false })).id);
	await expect(editor.page.locator(ISSUE_MARKERS).count()).resolves.toBe(1);
});

describe('every template on the canvas', () => {
	it.each(listTemplates().map((template) => [template.file, template] as const))('%s', async (file, template) => {
		const { workflow } = await importWithCli(world.client, template);
		await showOnCanvas(workflow.id);

		const { page } = editor;
		const canvas = page.getByTestId('canvas-wrapper');
		const shown = await page.locator('[data-node-name]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-node-name')));
		expect([...new Set(shown)].sort()).toEqual(template.workflow.nodes.map((node) => node.name).sort());
		await expect(page.locator(ISSUE_MARKERS).count()).resolves.toBe(0);

		// The whole flow in the picture, every node's box inside the canvas's; no sticky note overlapping another note or a node.
		const area = (await canvas.boundingBox())!;
		const boxes = new Map<string, Box>();
		for (const { name } of template.workflow.nodes) boxes.set(name, (await page.locator(`[data-node-name="${name}"]`).first().boundingBox())!);
		expect([...boxes].filter(([, box]) => !within(box, area)).map(([name]) => name)).toEqual([]);
		const covered: string[] = [];
		for (const sticky of template.workflow.nodes.filter((node) => node.type === STICKY_NOTE_NODE_TYPE)) {
			for (const [name, box] of boxes) if (name !== sticky.name && overlap(boxes.get(sticky.name)!, box)) covered.push(`${sticky.name} overlaps ${name}`);
		}
		expect(covered).toEqual([]);

		const picture = path.join(SCREENSHOT_DIR, `template-${file.replace(/\.json$/, '')}.png`);
		await canvas.screenshot({ path: picture, style: HIDE_CANVAS_BUTTONS });
		expect(await canvas.boundingBox()).toMatchObject(CANVAS_SIZE);
	});
});
