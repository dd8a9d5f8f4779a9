import { NodeHelpers, type INodeParameters, type INodePropertyOptions } from 'n8n-workflow';

import { TimelinesAiTrigger } from '../../../nodes/TimelinesAi/TimelinesAiTrigger.node';
import { EVENT_TYPES } from '../../sandbox/spec-schemas';

/** What the Trigger's panel asks, decided by n8n's own display rules. */

const description = new TimelinesAiTrigger().description;

function shownFields(parameters: INodeParameters, typeVersion: number): string[] {
	const node = { typeVersion };
	return description.properties
		.filter((property) => NodeHelpers.displayParameter(parameters, property, node, description))
		.map((property) => property.name);
}

describe('Trigger panel', () => {
	it('is version 2 for new nodes', () => {
		expect(description.defaultVersion).toBe(2);
	});

	it.each([
		['automatic', 2, ['setup', 'automaticNotice', 'events', 'chatKind', 'options']],
		['manual', 2, ['setup', 'manualNotice', 'manualSecret', 'direction', 'chatKind', 'options']],
		['automatic', 1, ['setup', 'automaticNotice', 'events', 'direction', 'chatKind', 'options']],
		['manual', 1, ['setup', 'manualNotice', 'manualSecret', 'direction', 'chatKind', 'options']],
	])('%s setup, version %s: asks %j (Direction only where no Events say it, except in saved version 1 nodes)', (setup, version, fields) => {
		expect(shownFields({ setup }, version as number)).toEqual(fields);
	});

	describe('event names in n8n\'s node creator', () => {
		const events = description.properties.find((property) => property.name === 'events');
		const options = (events?.options ?? []) as INodePropertyOptions[];

		it("come from the Events field, which n8n recognises by its label, and are the spec's event types (the sandbox's reading)", () => {
			expect(events?.displayName).toBe('Events');
			expect(options.map((option) => option.value).sort()).toEqual([...EVENT_TYPES].sort());
		});

		it.each(options.map((option) => [option.value, option.action]))('%s is listed as "%s": sentence case, WhatsApp spelled right', (_value, action) => {
			expect(action).toMatch(/^([A-Z][a-z]+|WhatsApp)( ([a-z]+|WhatsApp))*$/);
			expect(action).not.toMatch(/^On /);
		});
	});

	it('notices stay short (the manual one must fit in 3 lines of the panel)', () => {
		for (const name of ['automaticNotice', 'manualNotice']) {
			const notice = description.properties.find((property) => property.name === name);
			expect(notice?.displayName.length).toBeLessThanOrEqual(170);
		}
	});
});
