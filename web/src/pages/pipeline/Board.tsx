import { useState, type ReactNode } from 'react';
import type { Board as BoardData, BoardCard } from '../../../../src/shared/deals.js';
import { formatMoney } from '../../../../src/shared/money.js';
import { DealCard } from './DealCard.js';
import type { useMoveDeal } from './useMoveDeal.js';

type Column = BoardData['columns'][number];

/** One column per stage; open stages first, then won and lost (collapsed: only their recent deals). */
export function Board({ board, userZone, mover, onEdit }: { board: BoardData; userZone: string; mover: ReturnType<typeof useMoveDeal>; onEdit: (card: BoardCard) => void }) {
  const stages = board.columns.map((c) => c.stage);
  const find = (id: string) => {
    for (const column of board.columns) {
      const card = column.cards.find((c) => c.id === id);
      if (card) return { card, from: column.stage };
    }
    return null;
  };
  return (
    <div className="board" data-testid="deal-board">
      {board.columns.map((column) => (
        <BoardColumn key={column.stage.id} column={column} closedDays={board.closedDays}
          onDrop={(id) => { const found = find(id); if (found) mover.request(found.card, column.stage, found.from); }}>
          {column.cards.map((card) => (
            <DealCard key={card.id} card={card} stage={column.stage} stages={stages} userZone={userZone}
              onMove={(to) => mover.request(card, to, column.stage)} onEdit={() => onEdit(card)} />
          ))}
        </BoardColumn>
      ))}
    </div>
  );
}

function BoardColumn({ column, closedDays, onDrop, children }: { column: Column; closedDays: number; onDrop: (id: string) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  const { stage } = column;
  const final = stage.kind !== 'open';
  const headingId = `stage-${stage.id}`;
  const list = <ul className="deal-list" aria-labelledby={headingId}>{children}</ul>;
  return (
    <section
      className={`board-column${final ? ' board-column-final' : ''}${over ? ' board-column-over' : ''}`}
      data-testid="board-column"
      data-stage={stage.name}
      aria-labelledby={headingId}
      onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); const id = e.dataTransfer.getData('text/plain'); if (id) onDrop(id); }}
    >
      <header className="board-column-head">
        <h2 id={headingId}>{stage.name} <span className="count">{column.count}</span></h2>
        <p className="muted">
          {final ? `last ${closedDays} days` : `${stage.probability}%`}
          {column.totals.map((t) => <span key={t.currency}> · {formatMoney(t.amount, t.currency)}</span>)}
        </p>
      </header>
      {final ? (
        column.count ? <details><summary>Show {column.count}</summary>{list}</details> : <p className="muted board-empty">Drop a deal here to mark it {stage.kind}.</p>
      ) : column.count ? list : <><p className="muted board-empty">No deals here yet.</p>{list}</>}
      {column.count > column.cards.length ? <p className="muted">Showing {column.cards.length} of {column.count}.</p> : null}
    </section>
  );
}
