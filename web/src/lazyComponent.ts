import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type LazyComponent<P extends object> = LazyExoticComponent<ComponentType<P>> & { preload: () => Promise<unknown> };

/**
 * A component fetched from its own chunk the first time it renders (inside a Suspense), or earlier
 * with `preload()` so that it is there when needed: one download either way.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const start = () => (loading ??= load().then((component) => ({ default: component })));
  return Object.assign(lazy(start), { preload: start });
}
