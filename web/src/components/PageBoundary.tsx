import { Component, Suspense, type ReactNode } from 'react';
import { Spinner } from './ui.js';

/**
 * Where a page loads: a spinner while its chunk downloads, and a way out if the download fails (the
 * network dropped, or a new version replaced the chunk this tab knew of: reloading fetches the new one).
 * `path` is the route shown: a failure is forgotten once the user goes elsewhere.
 */
export function PageBoundary({ path, children }: { path: string; children: ReactNode }) {
  return (
    <LoadFailure path={path}>
      <Suspense fallback={<Spinner />}>{children}</Suspense>
    </LoadFailure>
  );
}

interface Props { path: string; children: ReactNode }
interface State { failed: boolean; path: string }

class LoadFailure extends Component<Props, State> {
  override state: State = { failed: false, path: this.props.path };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.path === state.path ? null : { failed: false, path: props.path };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="alert alert-error" role="alert">
        <strong>This page could not be shown.</strong> The app may have been updated since you opened it.{' '}
        <button type="button" className="button-link" onClick={() => window.location.reload()}>Reload</button>
      </div>
    );
  }
}
