import { stopSharedN8n } from '../support/stop-shared-n8n';

export default () => stopSharedN8n('2.8');
