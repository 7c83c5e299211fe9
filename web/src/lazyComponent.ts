import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type LazyComponent<P extends object> = LazyExoticComponent<ComponentType<P>> & { preload: () => void };

/** Once the browser is idle (soon, where it cannot say): fetching and running a chunk must not hold up a paint. */
const whenIdle = (run: () => void): void => {
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2_000 });
  else setTimeout(run, 200);
};

/**
 * A component fetched from its own chunk the first time it renders (inside a Suspense), or earlier
 * with `preload()`, once the browser is idle, so that it is there when needed: one download either way.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const start = () => (loading ??= load().then((component) => ({ default: component })));
  return Object.assign(lazy(start), { preload: () => whenIdle(() => void start()) });
}
