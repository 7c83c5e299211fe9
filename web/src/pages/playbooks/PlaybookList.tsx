import { Badge, label } from '../../components/ui.js';
import { playbookLabel, type Playbook } from '../../playbooks.js';

export function PlaybookList({ title, items, onEnrol, empty }: { title: string; items: Playbook[]; onEnrol: (p: Playbook) => void; empty?: string }) {
  return (
    <section className="agenda-section" aria-label={title}>
      <h2>{title} <span className="count">{items.length}</span></h2>
      {items.length === 0 && empty ? <p className="muted">{empty}</p> : null}
      <ul className="cards" data-testid="playbook-list">
        {items.map((p) => (
          <li key={p.id} className="card" data-testid="playbook">
            <div className="card-head">
              <div>
                <h3 className="card-title"><a href={`#/playbooks/${encodeURIComponent(p.id)}`}>{playbookLabel(p)}</a></h3>
                {p.description ? <p>{p.description}</p> : null}
              </div>
              <div className="badges">
                {p.kind ? <Badge>{label(String(p.kind))}</Badge> : null}
                <Badge>{p.steps?.length ?? 0} steps</Badge>
                {p.maxTouches ? <Badge>max {p.maxTouches} touches</Badge> : null}
              </div>
            </div>
            <div className="card-actions">
              <button type="button" className="button-secondary" onClick={() => onEnrol(p)}>Enrol a contact</button>
              <a className="button-link" href={`#/playbooks/${encodeURIComponent(p.id)}`}>Steps</a>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
