import type { Role } from '../shared/vocabulary.js';

/** Who may see and change a saved view: the one rule, for the API, the CLI and the web app's buttons. */
export interface ViewAccess {
  userId: string;
  shared: boolean;
}

/** A private view is its author's alone (even an admin never sees it); a shared one is the workspace's. */
export function maySeeView(view: ViewAccess, userId: string): boolean {
  return view.shared || view.userId === userId;
}

/** Its author changes it; an admin or owner may also tidy the workspace's shared views. */
export function mayEditView(view: ViewAccess, userId: string, role: Role): boolean {
  return view.userId === userId || (view.shared && role !== 'member');
}
