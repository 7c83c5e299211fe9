import { useState, type FormEvent } from 'react';
import { blankNextStep, checkNextStep, NextStepFields, toFollowUpInput } from '../../components/NextStepFields.js';
import { Dialog, ErrorSummary, FormErrors } from '../../components/ui.js';
import { useMe } from '../../session.js';
import type { useMoveDeal } from './useMoveDeal.js';

type Mover = ReturnType<typeof useMoveDeal>;

/** The dialogs a move may need: the next step to agree, or the confirmation of a final stage. */
export function MoveDialogs({ mover }: { mover: Mover }) {
  const { pending } = mover;
  if (!pending) return null;
  return pending.kind === 'next-step' ? <NextStepDialog key={pending.card.id + pending.stage.id} mover={mover} /> : <CloseDialog mover={mover} />;
}

function NextStepDialog({ mover }: { mover: Mover }) {
  const me = useMe();
  const { card, stage } = mover.pending!;
  const zone = card.contactTimeZone;
  const [step, setStep] = useState(() => blankNextStep(zone, 'call'));
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = FormErrors.from(mover.move.error, local);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkNextStep(step, 'nextStep.', { agreedNow: { contactZone: zone } });
    setLocal(found);
    if (Object.keys(found).length) return;
    mover.move.mutate({ card, stage, nextStep: toFollowUpInput(step, zone) });
  };
  return (
    <Dialog title={`Move “${card.title}” to ${stage.name}`} onClose={mover.cancel} wide testId="next-step-dialog">
      <form className="stack" noValidate onSubmit={submit}>
        <p>This deal has no agreed next step. What did {card.contactName} agree to do next?</p>
        <ErrorSummary errors={errors} claimed={['nextStep']} title="Not moved" />
        <NextStepFields value={step} onChange={setStep} errors={errors} prefix="nextStep." contactZone={zone} userZone={me.user.timeZone} contactId={card.contactId} />
        <div className="actions">
          <button type="submit" disabled={mover.move.isPending}>Move with this next step</button>
          <button type="button" className="button-secondary" disabled={mover.move.isPending} onClick={() => mover.move.mutate({ card, stage, withoutNextStep: true })}>
            Move without a next step
          </button>
          <button type="button" className="button-link" onClick={mover.cancel}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

function CloseDialog({ mover }: { mover: Mover }) {
  const { card, stage } = mover.pending!;
  const errors = FormErrors.from(mover.move.error);
  return (
    <Dialog title={`Mark “${card.title}” as ${stage.kind}?`} onClose={mover.cancel} testId="close-deal-dialog">
      <div className="stack">
        <ErrorSummary errors={errors} claimed={[]} title="Not moved" />
        <p>Won and lost are final: the deal closes and leaves the open columns.</p>
        <div className="actions">
          <button type="button" data-autofocus disabled={mover.move.isPending} onClick={() => mover.move.mutate({ card, stage })}>Move to {stage.name}</button>
          <button type="button" className="button-link" onClick={mover.cancel}>Cancel</button>
        </div>
      </div>
    </Dialog>
  );
}
