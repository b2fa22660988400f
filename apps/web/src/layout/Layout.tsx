import { useEffect, useState } from 'react';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { readToken } from '../api/token';
import { applyTheme, readTheme, type Theme } from './theme';

const NEXT_THEME: Record<Theme, Theme> = { system: 'dark', dark: 'light', light: 'system' };

/** The frame of every page: navigation, the token state and the theme switch. */
export function Layout() {
  const [theme, setTheme] = useState<Theme>(readTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const signedIn = readToken() !== null;
  const path = useRouterState({ select: (state) => state.location.pathname });
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand" aria-label="hookpath home">
          hookpath
        </Link>
        <nav aria-label="Main">
          <Link to="/" activeOptions={{ exact: true }}>
            Snapshots
          </Link>
          <Link to="/trace">Trace</Link>
          <Link to="/batch">Batch</Link>
          <Link to="/diff">Diff</Link>
          <Link to="/reports">Reports</Link>
          <Link to="/settings">{signedIn ? 'Token' : 'Sign in'}</Link>
        </nav>
        <button
          type="button"
          className="theme-toggle"
          onClick={() => setTheme(NEXT_THEME[theme])}
          aria-label={`Theme: ${theme}. Switch theme`}
        >
          {theme === 'system' ? '◐ system' : theme === 'dark' ? '☾ dark' : '☀ light'}
        </button>
      </header>
      <main id="main" className="app-main">
        {signedIn || path === '/settings' ? <Outlet /> : <SignInNotice />}
      </main>
    </div>
  );
}

function SignInNotice() {
  return (
    <section className="panel">
      <h1>Sign in</h1>
      <p>
        The portal uses an API token, like every client of this API. Create one with{' '}
        <code>hookpath token create --name portal --scope write</code> (or use the token <code>npm start</code> printed) and paste it in{' '}
        <Link to="/settings">Settings</Link>.
      </p>
    </section>
  );
}
