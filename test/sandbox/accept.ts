import type { SandboxContext } from './context';
import { createMessage, type MessageDraft } from './messages';
import type { Outbox } from './outbox';
import { creditsFor } from './spec-schemas';
import type { SandboxMessage } from './state';

/** Accepting a message to send (inbound webhook or API): it holds its credits while it waits in the queue. */

export type SendOrder = Omit<MessageDraft, 'direction' | 'credits'>;

export type Acceptance = { message: SandboxMessage } | { status: number; error: string };

/** HTTP status of a request refused for lack of credits. */
export const NO_CREDITS_STATUS = 402;

export function acceptSend(ctx: SandboxContext, outbox: Outbox, order: SendOrder): Acceptance {
	const credits = creditsFor(order.text, Boolean(order.fileUrl ?? order.fileUid));
	const { remaining } = ctx.state.credits;
	if (credits > remaining) {
		return {
			status: NO_CREDITS_STATUS,
			error:
				`Not enough credits: this message needs ${credits} but only ${remaining} remain in the sending quota ` +
				'(messages waiting in the queue already hold theirs)',
		};
	}
	ctx.state.credits.remaining -= credits;
	const message = createMessage(ctx, { ...order, direction: 'sent', credits });
	outbox.enqueue(message);
	return { message };
}
