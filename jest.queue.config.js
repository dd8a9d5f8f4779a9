// Queue mode: the second jest run of `npm test` (alone: `npm run test:queue`), kept apart because it starts PostgreSQL,
// Redis and four n8n processes (test/queue/global-setup.ts). It reruns the e2e files that hold in any topology too.
const { projects } = require('./jest.config');

const e2e = projects.find((project) => project.displayName === 'e2e');

module.exports = {
	projects: [
		{
			...e2e,
			displayName: 'queue',
			testMatch: [
				'<rootDir>/test/queue/**/*.test.ts',
				'<rootDir>/test/e2e/smoke.test.ts',
				'<rootDir>/test/e2e/trigger.test.ts',
				// Retries run on a worker there, and the Retry of a failed execution is queued by the main.
				'<rootDir>/test/e2e/send-retries.test.ts',
			],
			globals: { timelinesAiN8nRelease: 'queue' },
			globalSetup: '<rootDir>/test/queue/global-setup.ts',
			globalTeardown: '<rootDir>/test/queue/global-teardown.ts',
		},
	],
};
