import bundle from './fixtures/outbound-bundle.json';
import single from './fixtures/outbound-single.json';
import chatNew from './fixtures/v2-chat-new.json';
import messageReceived from './fixtures/v2-message-received.json';

/** The spec's example deliveries (copied from shared/spec/fixtures), fresh copies per call so tests may edit them. */
export const fixtures = {
	bundle: () => structuredClone(bundle),
	single: () => structuredClone(single),
	chatNew: () => structuredClone(chatNew),
	messageReceived: () => structuredClone(messageReceived),
};
