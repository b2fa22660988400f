// Dark and light: the system's choice unless the user picked one here.
const KEY = 'hookpath.theme';
export type Theme = 'light' | 'dark' | 'system';

export function readTheme(): Theme {
  const value = window.localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') {
    window.localStorage.removeItem(KEY);
    delete document.documentElement.dataset['theme'];
  } else {
    window.localStorage.setItem(KEY, theme);
    document.documentElement.dataset['theme'] = theme;
  }
}
