import type { Enrollment } from '../playbooks.js';

/** Why the enrollment's next step is due when it is, and what happened so far, in words. */
export function EnrollmentStory({ enrollment }: { enrollment: Enrollment }) {
  const note = enrollment.nextFollowUp?.scheduleNote;
  const history = enrollment.history ?? [];
  return (
    <>
      {note ? <div className="muted" data-testid="schedule-note">{note}</div> : null}
      {history.length ? (
        <details>
          <summary>History</summary>
          {/* Paragraphs, not a list: the enrollment itself is the contact page's list item. */}
          {history.map((h, i) => <p key={`${h.at}-${i}`} className="muted">{h.summary}</p>)}
        </details>
      ) : null}
    </>
  );
}
