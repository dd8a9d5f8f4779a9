// `npm start` / `npm test` export npm_config_* settings of THIS repo (ignore-scripts, local prefix) into the
// environment; a child npm working in another folder must not inherit them.
const KEPT_NPM_SETTINGS = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cafile', 'npm_config_registry']);

export function cleanNpmEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_') && !KEPT_NPM_SETTINGS.has(lower)) continue;
		if (key === 'INIT_CWD') continue;
		env[key] = value;
	}
	return env;
}
