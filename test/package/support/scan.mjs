// `node scan.mjs <folder> source|tarball`: runs @n8n/scan-community-package's analyser (what n8n's verification of
// community packages runs) on one folder and prints its result as one JSON line. A child process because the
// scanner is an ES module, which jest's CommonJS runtime cannot import.
import { ESLint } from 'eslint';
import path from 'node:path';
import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [folder, leg] = process.argv.slice(2);
// The scanner's two legs (analyzePackageByName): the source checkout, and the tarball's JavaScript and package.json.
const patterns = leg === 'source' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];
const { passed, message, details } = await analyzePackage(folder, patterns);

// The analyser fails only on errors and does not return its warnings: the same lint (its config, its files, inline
// eslint-disable comments ignored as it ignores them) lists them, so a warning cannot hide behind a passing scan.
const eslint = new ESLint({
	cwd: folder,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: [...(await buildScanConfig()), { ignores: ['**/package-lock.json'] }],
	errorOnUnmatchedPattern: false,
});
const warnings = (await eslint.lintFiles(patterns)).flatMap((result) =>
	result.messages
		.filter((lint) => lint.severity === 1)
		.map((lint) => `${path.relative(folder, result.filePath)}:${lint.line} ${lint.ruleId}: ${lint.message}`),
);
process.stdout.write(`\n${JSON.stringify({ passed, message, details, warnings })}\n`);
