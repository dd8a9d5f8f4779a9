// The development tooling (sandbox, harness, n8n runner, tests, benchmarks) never ships, so n8n's community-node rules
// (no console, no Node globals, no child processes, ...) do not apply to it. ESLint uses the nearest config file
// (`npm run lint` turns that lookup on), so this one replaces the stock root config for everything under test/.
import eslint from '@eslint/js';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	// npm start's n8n user folder: n8n's own files (its editor's scripts among them), not ours.
	globalIgnores(['tools/.n8n-runtime/']),
	{
		files: ['**/*.ts'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			// Leaving keys out of a copy (`const { a, ...rest } = object`) is a use of `rest`, not an unused `a`.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
);
