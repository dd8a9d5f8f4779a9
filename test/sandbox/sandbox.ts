import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { Activity } from './activity';
import { waitForIpTurn } from './api-rate-limit';
import { API_PATH, ApiRoutes } from './api-routes';
import { SandboxClock } from './clock';
import type { SandboxContext, SandboxSettings } from './context';
import { CONTROL_PATH, ControlRoutes } from './control-routes';
import { dropConnection, faultReply, Faults, proxyReply, proxyStatusAfterWork, type FaultTarget } from './faults';
import { serveTemporaryFile, TEST_FILES_PATH, TMP_FILES_PATH } from './files';
import { json, readBody, writeReply, type Reply, type SandboxRequest } from './http';
import { handleInbound, INBOUND_PATH } from './inbound';
import type { Engines } from './messages';
import { LegacyOutbound } from './outbound-legacy';
import { V2Outbound } from './outbound-v2';
import { Outbox } from './outbox';
import { SeededRandom } from './random';
import { createState } from './state';
import { Timers } from './timers';

/** The sandbox's parts wired together, and the one HTTP entry point that routes to the three surfaces. */

/** How often due bundles are looked for in real time (advancing the clock flushes at once). */
const BUNDLE_CHECK_MS = 1000;

interface Route {
	faultTarget?: FaultTarget;
	/** TimelinesAI's own surfaces answer after the `latencyMs` setting; control routes and file links do not. */
	delayed?: boolean;
	handle: () => Reply | Promise<Reply>;
}

export class SandboxCore {
	readonly ctx: SandboxContext;
	readonly engines: Engines;
	readonly outbox: Outbox;
	readonly faults = new Faults();
	readonly apiToken: string;
	private readonly initialInboundToken: string;
	private readonly initialSettings: SandboxSettings;
	private readonly api: ApiRoutes;
	private readonly control: ControlRoutes;
	private readonly server: http.Server;
	private readonly bundleTimer: NodeJS.Timeout;

	constructor(seed: number, tokenSeed: number, settings: SandboxSettings) {
		const random = new SeededRandom(seed);
		const tokens = tokenSeed === seed ? random : new SeededRandom(tokenSeed);
		this.apiToken = tokens.token(40);
		this.initialInboundToken = tokens.token(32);
		this.initialSettings = { ...settings };
		this.ctx = {
			state: createState(this.initialInboundToken),
			clock: new SandboxClock(),
			random,
			timers: new Timers(),
			activity: new Activity(),
			settings: { ...settings },
			baseUrl: '',
		};
		this.engines = { legacy: new LegacyOutbound(this.ctx), v2: new V2Outbound(this.ctx) };
		this.outbox = new Outbox(this.ctx, this.engines);
		this.api = new ApiRoutes(this.ctx, this.outbox, this.engines, this.apiToken);
		this.control = new ControlRoutes(this);
		this.server = http.createServer((req, res) => void this.dispatch(req, res));
		this.bundleTimer = setInterval(() => this.engines.legacy.flushDue(), BUNDLE_CHECK_MS);
		this.bundleTimer.unref();
	}

	async listen(host: string, port: number): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => resolve());
		});
		const address = this.server.address() as AddressInfo;
		this.ctx.baseUrl = `http://${host}:${address.port}`;
	}

	get inboundUrl(): string {
		return `${this.ctx.baseUrl}${INBOUND_PATH}/${this.ctx.state.inbound.token}`;
	}

	/** A new secret URL; the previous one answers 404 from now on. */
	regenerateInboundUrl(): string {
		this.ctx.state.inbound.token = this.ctx.random.token(32);
		this.ctx.state.inbound.callTimes = [];
		return this.inboundUrl;
	}

	/** Back to the seeded workspace (same inbound URL and API token); ids keep counting so they never repeat. */
	reset(): void {
		this.outbox.clear();
		this.engines.v2.reset();
		this.faults.clear();
		this.ctx.clock.reset();
		Object.assign(this.ctx.settings, this.initialSettings);
		this.ctx.state = createState(this.initialInboundToken);
	}

	viewExtras() {
		return { inboundUrl: this.inboundUrl, queueLength: this.outbox.length, faults: this.faults.snapshot() };
	}

	/** True once the queue is drained and every delivery answered; false after `timeoutMs`. */
	waitForIdle(timeoutMs: number): Promise<boolean> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => resolve(false), timeoutMs);
			void this.ctx.activity.whenIdle().then(() => {
				clearTimeout(timer);
				resolve(true);
			});
		});
	}

	async close(): Promise<void> {
		clearInterval(this.bundleTimer);
		this.ctx.timers.closeAll();
		this.outbox.clear();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
		await this.waitForIdle(2000);
		this.ctx.activity.release();
	}

	private route(req: SandboxRequest): Route {
		const { path, method } = req;
		if (path.startsWith(`${INBOUND_PATH}/`)) {
			const limited = async () => this.ctx.settings.inboundIpRateLimit && (await waitForIpTurn(this.ctx, req.ip, () => faultReply('inbound', 429)));
			return { faultTarget: 'inbound', delayed: true, handle: async () => (await limited()) || handleInbound(this.ctx, this.outbox, req) };
		}
		if (path.startsWith(`${API_PATH}/`)) return { faultTarget: 'api', delayed: true, handle: () => this.api.handle(req) };
		const isDownload = method === 'GET' || method === 'HEAD';
		if (isDownload && path.startsWith(`${TMP_FILES_PATH}/`)) {
			return { faultTarget: 'downloads', handle: () => serveTemporaryFile(this.ctx, req) };
		}
		if (isDownload && path.startsWith(`${TEST_FILES_PATH}/`)) {
			return { faultTarget: 'downloads', handle: () => this.control.handle(req) };
		}
		if (path.startsWith(`${CONTROL_PATH}/`)) return { handle: () => this.control.handle(req) };
		return { handle: () => json(404, { status: 'error', message: 'Not found' }) };
	}

	private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		// Counted on the state of the request's arrival: a reset meanwhile must not make the new count negative.
		const { api } = this.ctx.state;
		const isApi = req.url?.startsWith(`${API_PATH}/`) === true;
		if (isApi) api.peakInFlight = Math.max(api.peakInFlight, ++api.inFlight);
		try {
			const url = new URL(req.url ?? '/', 'http://sandbox');
			const body = await readBody(req);
			const request: SandboxRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, ip: req.socket.remoteAddress ?? '' };
			const route = this.route(request);
			const { latencyMs } = this.ctx.settings;
			// Time on the way in, as a distant server's would be: the work happens after it, the answer right after.
			if (route.delayed && latencyMs > 0 && !(await this.ctx.timers.sleep(latencyMs))) return dropConnection(res);
			const fault = route.faultTarget && this.faults.take(route.faultTarget);
			if (fault === 'reset') return dropConnection(res);
			if (fault === '500' || fault === '429') return writeReply(res, request.method, faultReply(route.faultTarget!, Number(fault) as 500 | 429));
			if (fault === 'slow' && !(await this.ctx.timers.sleep(this.ctx.settings.slowFaultMs))) return dropConnection(res);
			const reply = await route.handle();
			if (fault === 'accept-then-reset' || reply.dropConnection) return dropConnection(res);
			const proxyStatus = proxyStatusAfterWork(fault);
			writeReply(res, request.method, proxyStatus ? proxyReply(proxyStatus) : reply);
		} catch (err) {
			// A sandbox bug must be loud in tests, not look like a TimelinesAI answer.
			if (!res.headersSent) writeReply(res, 'POST', json(500, { error: `Sandbox error: ${(err as Error).stack}` }));
		} finally {
			if (isApi) api.inFlight--;
		}
	}
}
