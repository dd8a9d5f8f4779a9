import { isPossiblePhoneNumber } from 'libphonenumber-js';

import { attachmentProblem, fetchAttachment } from './attachments';
import { addLabels, findOrCreateDirectChat, takeNewChatFlag } from './chats';
import type { SandboxContext } from './context';
import { announce, markSent, type Engines } from './messages';
import { accountById, chatById, setStatus, type SandboxMessage } from './state';
import type { Chat } from './workspace';

/**
 * The sending queue: accepted messages leave one at a time with a random gap (about 2 s by default).
 * Only here do phone numbers, WhatsApp presence and files get checked, as in TimelinesAI.
 */
export class Outbox {
	private queue: SandboxMessage[] = [];
	private running = false;
	private lastSentAtMs = 0;

	constructor(
		private readonly ctx: SandboxContext,
		private readonly engines: Engines,
	) {}

	get length(): number {
		return this.queue.length;
	}

	enqueue(message: SandboxMessage): void {
		setStatus(message, 'Pending', this.ctx.clock.now());
		this.queue.push(message);
		if (!this.running) {
			this.running = true;
			void this.ctx.activity.track(this.drain());
		}
	}

	clear(): void {
		this.queue = [];
	}

	private async drain(): Promise<void> {
		try {
			while (this.queue.length && !this.ctx.timers.isClosed) {
				const gap = this.ctx.random.between(0.5, 1.5) * this.ctx.settings.gapMs;
				const wait = this.lastSentAtMs + gap - Date.now();
				if (wait > 0 && !(await this.ctx.timers.sleep(wait))) return;
				const message = this.queue.shift();
				if (!message) return;
				await this.send(message);
				this.lastSentAtMs = Date.now();
			}
		} finally {
			this.running = false;
		}
	}

	private async send(message: SandboxMessage): Promise<void> {
		const state = this.ctx.state;
		const account = accountById(state, message.accountId);
		if (account.status !== 'active') return this.fail(message, 'The WhatsApp account is not connected');
		const recipient = this.recipientChat(message);
		if ('failure' in recipient) return this.fail(message, recipient.failure);
		const fileProblem = await this.attach(message, account.owner_email);
		if (state !== this.ctx.state) return;
		if (fileProblem) return this.fail(message, fileProblem);
		const target = recipient.chat ?? findOrCreateDirectChat(this.ctx, message.accountId, message.targetPhone ?? '');
		message.chatId = target.id;
		if (message.label) addLabels(state, target, [message.label]);
		markSent(this.ctx, message);
		announce(this.ctx, this.engines, message, takeNewChatFlag(target));
	}

	/** The chat to send to (none yet for a number without a chat), or why the number cannot receive. */
	private recipientChat(message: SandboxMessage): { chat?: Chat } | { failure: string } {
		if (message.chatId !== null) {
			const chat = chatById(this.ctx.state, message.chatId);
			return chat ? { chat } : { failure: 'The chat no longer exists' };
		}
		const phone = message.targetPhone ?? '';
		if (!/^\+\d+$/.test(phone) || !isPossiblePhoneNumber(phone)) {
			return { failure: `Invalid phone number "${phone}": use the international format +[country][area][local], e.g. +14155550100` };
		}
		if (this.ctx.state.notOnWhatsapp.has(phone)) return { failure: `The phone number ${phone} is not on WhatsApp` };
		return {};
	}

	private async attach(message: SandboxMessage, ownerEmail: string): Promise<string | null> {
		if (message.fileUid) {
			const file = this.ctx.state.files.get(message.fileUid);
			return file ? attachmentProblem(file) : 'Failed to load document: the uploaded file was deleted';
		}
		if (!message.fileUrl) return null;
		const result = await fetchAttachment(this.ctx, message.fileUrl, message.fileName ?? 'file', ownerEmail);
		if ('failure' in result) return result.failure;
		message.fileUid = result.file.uid;
		return null;
	}

	/** A failed message gives its credits back. */
	private fail(message: SandboxMessage, reason: string): void {
		message.failure = reason;
		setStatus(message, 'Failed', this.ctx.clock.now());
		this.ctx.state.credits.remaining += message.credits;
		this.ctx.state.credits.refunded += message.credits;
	}
}
