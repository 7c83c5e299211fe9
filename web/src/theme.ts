/** Light, dark, or whatever the system says: chosen per browser, kept in localStorage. */
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

const KEY = 'followthrough.theme';

export function storedTheme(): Theme {
  try {
    const value = window.localStorage.getItem(KEY);
    return themes.find((t) => t === value) ?? 'system';
  } catch {
    return 'system'; // storage blocked: follow the system
  }
}

/** The stylesheet's colours follow `prefers-color-scheme` unless the root carries data-theme. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function saveTheme(theme: Theme): void {
  try {
    if (theme === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, theme);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  applyTheme(theme);
}
