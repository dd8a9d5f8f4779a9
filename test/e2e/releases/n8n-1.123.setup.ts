import { startSharedN8n } from '../support/start-shared-n8n';

export default () => startSharedN8n('1.123');
