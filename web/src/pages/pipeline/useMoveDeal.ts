import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BoardCard, Stage } from '../../../../src/shared/deals.js';
import { api, isApiError, type FollowUpInput } from '../../api.js';
import { useToast } from '../../components/ui.js';

export type BoardStage = Omit<Stage, 'deals'>;

/** A move waiting for the user: a next step to agree, or a confirmation that the deal is won or lost. */
export type PendingMove = { kind: 'next-step' | 'close'; card: BoardCard; stage: BoardStage };

export const pipelineKey = ['pipeline'];

/** The deal just moved: its card, mounted anew in its new column, takes the focus (a keyboard user keeps their place). */
export const focusAfterMove: { id: string | null } = { id: null };

/**
 * Moving a deal, the same way for a drag, the "Move to" menu and Alt+←/→: a deal with no agreed next
 * step going to an open stage asks for one first; won and lost ask for a confirmation (they are final).
 */
export function useMoveDeal() {
  const client = useQueryClient();
  const toast = useToast();
  const [pending, setPending] = useState<PendingMove | null>(null);
  const move = useMutation({
    mutationFn: ({ card, stage, nextStep, withoutNextStep }: { card: BoardCard; stage: BoardStage; nextStep?: FollowUpInput; withoutNextStep?: boolean }) =>
      api.patch(`/opportunities/${encodeURIComponent(card.id)}`, { stageId: stage.id, ...(nextStep ? { nextStep } : {}), ...(withoutNextStep ? { withoutNextStep } : {}) }),
    onSuccess: async (_, { card, stage }) => {
      setPending(null);
      toast(`Moved “${card.title}” to ${stage.name}`);
      focusAfterMove.id = card.id;
      await client.invalidateQueries({ queryKey: pipelineKey });
      void client.invalidateQueries({ queryKey: ['opportunities'] });
      void client.invalidateQueries({ queryKey: ['agenda'] });
    },
    onError: (error, { card, stage }) => {
      if (isApiError(error) && error.rule === 'next-step-needed') setPending({ kind: 'next-step', card, stage });
      else if (!pending) toast(error.message);
    },
  });

  const request = (card: BoardCard, stage: BoardStage, from: BoardStage | undefined) => {
    if (stage.id === from?.id) return;
    if (card.status !== 'open') {
      toast(`“${card.title}” is ${card.status}: won and lost are final`);
      return;
    }
    move.reset();
    if (stage.kind !== 'open') setPending({ kind: 'close', card, stage });
    else if (card.stalled) setPending({ kind: 'next-step', card, stage });
    else move.mutate({ card, stage });
  };

  return { request, pending, cancel: () => { setPending(null); move.reset(); }, move };
}
