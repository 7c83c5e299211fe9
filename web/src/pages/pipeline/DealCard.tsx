import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { BoardCard } from '../../../../src/shared/deals.js';
import { formatMoney } from '../../../../src/shared/money.js';
import { channelLabel } from '../../components/channelLabel.js';
import { Badge } from '../../components/ui.js';
import { formatDate, formatInstant } from '../../time.js';
import { focusAfterMove, type BoardStage } from './useMoveDeal.js';

/**
 * One deal on the board: its value, close date, owner and agreed next step (or "stalled"). It moves by
 * dragging, by its "Move to" menu, or with Alt+← / Alt+→ while it has focus.
 */
export function DealCard({ card, stage, stages, userZone, onMove, onEdit }: {
  card: BoardCard;
  stage: BoardStage;
  stages: BoardStage[];
  userZone: string;
  onMove: (to: BoardStage) => void;
  onEdit: () => void;
}) {
  const open = card.status === 'open';
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focusAfterMove.id !== card.id) return;
    focusAfterMove.id = null;
    ref.current?.focus();
  }, [card.id, stage.id]);
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (!open || !e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') || e.target !== e.currentTarget) return;
    e.preventDefault();
    const openStages = stages.filter((s) => s.kind === 'open');
    const to = openStages[openStages.findIndex((s) => s.id === stage.id) + (e.key === 'ArrowRight' ? 1 : -1)];
    if (to) onMove(to);
  };
  const next = card.nextStep;
  return (
    <li
      ref={ref}
      className={`deal-card${card.stalled ? ' deal-stalled' : ''}`}
      data-testid="deal-card"
      data-deal-id={card.id}
      tabIndex={0}
      draggable={open}
      aria-label={`${card.title}, ${card.contactName}, in ${stage.name}${open ? '. Alt+Left or Alt+Right moves it.' : ''}`}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', card.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onKeyDown={onKeyDown}
    >
      <p className="deal-title">{card.title}</p>
      <p className="deal-contact">
        <a href={`#/contacts/${encodeURIComponent(card.contactId)}`} draggable={false}>{card.contactName}</a>
        {card.company ? <span className="muted"> · {card.company}</span> : null}
      </p>
      <p className="deal-value">
        <strong>{card.amount === null ? 'No amount' : formatMoney(card.amount, card.currency)}</strong>
        {card.expectedCloseDate ? <span className="muted"> · closes {formatDate(card.expectedCloseDate, { day: 'numeric', month: 'short', year: 'numeric' })}</span> : null}
      </p>
      {next ? (
        <p className="deal-next">
          Next: {channelLabel(next.channel).toLowerCase()} {next.allDay ? `on ${formatDate(next.dueLocal.slice(0, 10))}` : formatInstant(next.dueAt, userZone)}
        </p>
      ) : open ? <p className="deal-stalled-note"><Badge tone="warn">Stalled</Badge> <span className="muted">no agreed next step</span></p> : null}
      {card.ownerName ? <p className="muted deal-owner">{card.ownerName}</p> : null}
      {open ? (
        <div className="deal-actions">
          <select aria-label={`Move “${card.title}” to`} value={stage.id} onChange={(e) => { const to = stages.find((s) => s.id === e.target.value); if (to) onMove(to); }}>
            {stages.map((s) => <option key={s.id} value={s.id}>{s.id === stage.id ? `In ${s.name}` : `Move to ${s.name}`}</option>)}
          </select>
          <button type="button" className="button-secondary" onClick={onEdit} aria-label={`Edit “${card.title}”`}>Edit</button>
        </div>
      ) : null}
    </li>
  );
}
