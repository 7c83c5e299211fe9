import { useState } from 'react';
import { EnrolDialog } from '../components/EnrolDialog.js';
import { QueryError, Spinner } from '../components/ui.js';
import { isBuiltIn, usePlaybooks, type Playbook } from '../playbooks.js';
import { NotAvailable } from './playbooks/NotAvailable.js';
import { PlaybookList } from './playbooks/PlaybookList.js';

export function PlaybooksPage() {
  const playbooks = usePlaybooks();
  const [enrolIn, setEnrolIn] = useState<Playbook | null>(null);
  const items = playbooks.data?.available ? playbooks.data.value.items : [];
  const builtIns = items.filter(isBuiltIn);
  const own = items.filter((p) => !isBuiltIn(p));
  return (
    <section aria-labelledby="playbooks-title">
      <div className="page-head">
        <h1 id="playbooks-title">Playbooks</h1>
        {playbooks.data?.available ? <a className="button" href="#/playbooks/new">New playbook</a> : null}
      </div>
      <p className="muted">Series of steps for the hard to reach and the five kinds of follow-up. A "no" or an opt-out stops every series at once.</p>
      {playbooks.isPending ? <Spinner label="Loading playbooks…" /> : null}
      {playbooks.isError ? <QueryError error={playbooks.error} what="playbooks" /> : null}
      {playbooks.data && !playbooks.data.available ? <NotAvailable /> : null}
      {playbooks.data?.available ? (
        <>
          <PlaybookList title="Built in" items={builtIns} onEnrol={setEnrolIn} />
          <PlaybookList title="Your workspace's own" items={own} onEnrol={setEnrolIn} empty="None yet. Start from a built-in (open it and choose Duplicate) or create a new one." />
        </>
      ) : null}
      {enrolIn ? <EnrolDialog playbookId={enrolIn.id} onClose={() => setEnrolIn(null)} /> : null}
    </section>
  );
}
