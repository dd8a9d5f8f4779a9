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

module.exports = {
	projects: [project('unit'), project('integration')],
};
