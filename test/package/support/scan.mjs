// `node scan.mjs <folder> source|tarball`: runs @n8n/scan-community-package's analyser (what n8n's verification of
// community packages runs) on one folder and prints its result as one JSON line. A child process because the
// scanner is an ES module, which jest's CommonJS runtime cannot import.
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [folder, leg] = process.argv.slice(2);
// The scanner's two legs (analyzePackageByName): the source checkout, and the tarball's JavaScript and package.json.
const patterns = leg === 'source' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];
const { passed, message, details } = await analyzePackage(folder, patterns);
process.stdout.write(`\n${JSON.stringify({ passed, message, details })}\n`);
