import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

/**
 * Every execution context asks n8n's DI container for the SSH-tunnel manager, whose constructor
 * starts a 60 s cleanup interval that n8n stops on shutdown. Tests stop it the same way, or jest
 * never exits.
 */
export function stopN8nBackgroundTimers(): void {
	Container.get(SSHClientsManager).onShutdown();
}
