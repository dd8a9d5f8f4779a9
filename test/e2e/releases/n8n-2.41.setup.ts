import { startSharedN8n } from '../support/start-shared-n8n';

// The newest release runs the whole suite, editor checks included.
export default () => startSharedN8n('2.41', { browser: true });
