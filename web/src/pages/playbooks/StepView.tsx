import { channelLabel } from '../../components/NextStepFields.js';
import { Badge, label } from '../../components/ui.js';
import { branchWords, stepKind, stepName, targetText, type PlaybookStep } from '../../playbooks.js';

function waitText(wait: unknown): string {
  if (!wait || typeof wait !== 'object') return '';
  const w = wait as { amount?: number; unit?: string };
  if (!w.amount) return 'right away';
  const unit = String(w.unit ?? '').replace(/-/g, ' ');
  return `after ${w.amount} ${w.amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

export function StepView({ step, index, steps }: { step: PlaybookStep; index: number; steps: PlaybookStep[] }) {
  const template = step.template as { subject?: string; body?: string } | undefined;
  const branches = step.branches && typeof step.branches === 'object' ? Object.entries(step.branches as Record<string, string>) : [];
  const leadsTo = [
    ...branches.map(([k, v]) => `If ${branchWords[k] ?? k.replace(/-/g, ' ')}: ${targetText(v, steps)}`),
    ...(step.next ? [`Otherwise: ${targetText(String(step.next), steps)}`] : []),
  ];
  return (
    <li className="card step" data-testid="step">
      <div className="card-head">
        <h2 className="card-title">{index + 1}. {stepName(step, index)}</h2>
        <div className="badges">
          <Badge tone="info">{label(stepKind(step))}</Badge>
          {step.channel ? <Badge>{channelLabel(String(step.channel))}</Badge> : null}
          {waitText(step.wait) ? <Badge>{waitText(step.wait)}</Badge> : null}
        </div>
      </div>
      {step.script ? <details open><summary>Script</summary><pre>{step.script}</pre></details> : null}
      {step.voicemailScript ? <details open><summary>If you get voicemail, leave this message</summary><pre>{step.voicemailScript}</pre></details> : null}
      {template?.body ? (
        <details open>
          <summary>Email template</summary>
          <p><strong>Subject:</strong> {template.subject}</p>
          <pre>{template.body}</pre>
        </details>
      ) : null}
      {leadsTo.length ? (
        <ul className="plain muted" aria-label="What happens next">
          {leadsTo.map((line) => <li key={line}>{line}</li>)}
        </ul>
      ) : null}
    </li>
  );
}
