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

// One real n8n (our packed package installed into it) for the whole e2e project: see test/e2e/global-setup.ts.
const e2e = project('e2e', {
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	setupFilesAfterEnv: ['<rootDir>/test/e2e/support/jest-setup.ts'],
});

module.exports = {
	projects: [project('unit'), project('package'), project('integration'), e2e],
};
