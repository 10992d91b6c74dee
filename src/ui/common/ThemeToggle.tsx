// Light / dark / follow the system.
import type { Theme } from '../../store/ui-slice';
import { useApp } from './studio-context';

const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

export function ThemeToggle() {
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  return (
    <button type="button" className="secondary theme-toggle" aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}`} onClick={() => setTheme(NEXT[theme])}>
      {theme === 'dark' ? '☾ dark' : theme === 'light' ? '☀ light' : '◐ system'}
    </button>
  );
}
