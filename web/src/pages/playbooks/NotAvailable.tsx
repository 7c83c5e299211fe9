import { EmptyState } from '../../components/ui.js';

/** What the playbook pages say when the server has no playbooks API. */
export function NotAvailable() {
  return (
    <EmptyState title="Playbooks are not available yet">
      <p>This server does not offer the playbooks API yet. Follow-ups you agree in conversations work as usual.</p>
    </EmptyState>
  );
}
