import type { CanBuy, InterestLevel } from '../../../src/shared/vocabulary.js';
import { qualificationWarnings, warningTitle } from '../../../src/shared/warnings.js';

/**
 * Said before work is planned for a contact who cannot buy or has only a passing interest: the
 * same rule, from src/shared, that the API answers with once it is confirmed.
 */
export function QualificationWarning({ contact }: { contact: { interest: InterestLevel; canBuy: CanBuy } | null | undefined }) {
  const [warning] = contact ? qualificationWarnings(contact) : [];
  if (!warning) return null;
  return (
    <div className="alert alert-warn" role="note" aria-live="polite" data-testid="qualification-warning" data-code={warning.code}>
      <strong>{warningTitle(warning.code)}:</strong> {warning.message} You can still go ahead.
    </div>
  );
}
