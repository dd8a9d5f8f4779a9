/**
 * Expression isolates ("bridges") n8n 2.4x took from its pool, summed over the processes that run webhook methods,
 * read from n8n's Prometheus endpoint (`N8N_METRICS=true`). n8n counts a bridge when it is handed out: at every
 * acquisition with the default engine, at the first expression that needs one with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE`.
 * Undefined on an n8n without the counter (before 2.4x).
 */
const ACQUIRED = /^n8n_expression_pool_acquired_total(?:\{[^}]*\})? (\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/m;

export async function isolatesAcquired(processUrls: string[]): Promise<number | undefined> {
	let total = 0;
	for (const url of processUrls) {
		const response = await fetch(`${url}/metrics`);
		if (!response.ok) return undefined;
		const match = ACQUIRED.exec(await response.text());
		if (!match) return undefined;
		total += Number(match[1]);
	}
	return total;
}
