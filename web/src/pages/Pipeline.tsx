import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Board as BoardData, BoardCard } from '../../../src/shared/deals.js';
import { api } from '../api.js';
import { EmptyState, QueryError, Spinner } from '../components/ui.js';
import { canManage, useMe } from '../session.js';
import { Board } from './pipeline/Board.js';
import { DealDialog } from './pipeline/DealDialog.js';
import { ForecastPanel } from './pipeline/ForecastPanel.js';
import { MoveDialogs } from './pipeline/MoveDialogs.js';
import { pipelineKey, useMoveDeal } from './pipeline/useMoveDeal.js';
import './pipeline/Pipeline.css';

/** The pipeline as a board by stage (issue 16): drag a deal, or move it from the keyboard; the weighted forecast beside it. */
export function PipelinePage(_props: { params?: URLSearchParams }) {
  const me = useMe();
  const board = useQuery({ queryKey: [...pipelineKey, 'board'], queryFn: () => api.get<BoardData>('/pipeline/board') });
  const mover = useMoveDeal();
  const [editing, setEditing] = useState<BoardCard | null>(null);
  const deals = board.data?.columns.reduce((n, c) => n + c.count, 0) ?? 0;
  return (
    <section aria-labelledby="pipeline-title" className="stack">
      <div className="page-head">
        <h1 id="pipeline-title">Pipeline</h1>
        {canManage(me) ? <a href="#/settings">Edit stages in Settings</a> : null}
      </div>
      <p className="muted">
        Drag a deal to another stage, or focus it and press <kbd>Alt</kbd>+<kbd>←</kbd> / <kbd>→</kbd>, or use its “Move to” menu.
        A deal with no agreed next step asks for one when it moves.
      </p>
      {board.isPending ? <Spinner label="Loading the pipeline…" /> : null}
      {board.isError ? <QueryError error={board.error} what="the pipeline" /> : null}
      {board.data && deals === 0 ? (
        <EmptyState title="No deals yet">
          <p>Open a deal from a contact's page when a conversation is heading to a decision; it starts in the first stage.</p>
        </EmptyState>
      ) : null}
      {board.data && deals > 0 ? <Board board={board.data} userZone={me.user.timeZone} mover={mover} onEdit={setEditing} /> : null}
      <ForecastPanel />
      <MoveDialogs mover={mover} />
      {editing ? <DealDialog card={editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}
