import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BoardCard } from '../../../../src/shared/deals.js';
import { moneyInput, parseMoney } from '../../../../src/shared/money.js';
import { api } from '../../api.js';
import { Dialog, ErrorSummary, Field, FormErrors, useToast } from '../../components/ui.js';
import { pipelineKey } from './useMoveDeal.js';

/** A deal's title, amount, currency and expected close date. */
export function DealDialog({ card, onClose }: { card: BoardCard; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState({ title: card.title, amount: moneyInput(card.amount, card.currency), currency: card.currency, expectedCloseDate: card.expectedCloseDate ?? '' });
  const save = useMutation({
    mutationFn: () => {
      const amount = parseMoney(form.amount, form.currency);
      return api.patch(`/opportunities/${encodeURIComponent(card.id)}`, {
        title: form.title,
        // Text that is not an amount goes as typed, so the server's message names the field.
        amount: amount === undefined ? form.amount : amount,
        currency: form.currency,
        expectedCloseDate: form.expectedCloseDate || null,
      });
    },
    onSuccess: async () => {
      toast(`Saved “${form.title}”`);
      await client.invalidateQueries({ queryKey: pipelineKey });
      void client.invalidateQueries({ queryKey: ['opportunities'] });
      onClose();
    },
  });
  const errors = FormErrors.from(save.error);
  return (
    <Dialog title={`Deal: ${card.title}`} onClose={onClose} testId="deal-dialog">
      <form className="stack" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(); }}>
        <ErrorSummary errors={errors} claimed={['title', 'amount', 'currency', 'expectedCloseDate']} title="Not saved" />
        <Field label="Title" error={errors.field('title')}>{(p) => <input {...p} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />}</Field>
        <div className="row">
          <Field label="Amount" hint="For example 12500 or 12,500.50" error={errors.field('amount')}>
            {(p) => <input {...p} inputMode="decimal" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} />}
          </Field>
          <Field label="Currency" hint="Three letters: EUR, USD, GBP…" error={errors.field('currency')}>
            {(p) => <input {...p} maxLength={3} autoCapitalize="characters" value={form.currency} onChange={(e) => setForm({ ...form, currency: e.target.value.toUpperCase() })} />}
          </Field>
        </div>
        <Field label="Expected close date" error={errors.field('expectedCloseDate')}>
          {(p) => <input {...p} type="date" value={form.expectedCloseDate} onChange={(e) => setForm({ ...form, expectedCloseDate: e.target.value })} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={save.isPending}>Save</button>
          <button type="button" className="button-link" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
