// Type errors are caught once by `npm run typecheck`; jest only transpiles.
const transform = {
	'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true, diagnostics: false }],
};

const project = (displayName, extra = {}) => ({
	displayName,
	testEnvironment: 'node',
	transform,
	testMatch: [`<rootDir>/test/${displayName}/**/*.test.ts`],
	...extra,
});

/**
 * One real n8n per project (our packed package installed into it), started by test/e2e/releases/ for the release
 * named in `globals`: the whole e2e suite on the newest release, the smoke test on the older lines we keep working.
 */
const e2e = (displayName, release, testMatch) =>
	project(displayName, {
		testMatch,
		globals: { timelinesAiN8nRelease: release },
		globalSetup: `<rootDir>/test/e2e/releases/n8n-${release}.setup.ts`,
		globalTeardown: `<rootDir>/test/e2e/releases/n8n-${release}.teardown.ts`,
		setupFilesAfterEnv: ['<rootDir>/test/e2e/support/jest-setup.ts'],
	});
const smoke = ['<rootDir>/test/e2e/smoke.test.ts'];
/** The templates' import check runs on every tested release (1.123 is the oldest with Data tables). */
const templatesImport = '<rootDir>/test/e2e/templates-import.test.ts';

module.exports = {
	projects: [
		project('unit'),
		project('package'),
		project('integration'),
		e2e('e2e', '2.41', ['<rootDir>/test/e2e/**/*.test.ts']),
		e2e('e2e n8n 1.123', '1.123', [...smoke, templatesImport]),
		e2e('e2e n8n 2.8', '2.8', [...smoke, templatesImport]),
	],
};
