import { useState, type FormEvent } from 'react';
import { readToken, writeToken } from '../api/token';

/** Where the API token is pasted; it stays in this browser only. */
export function SettingsPage() {
  const [value, setValue] = useState(readToken() ?? '');
  const save = (event: FormEvent) => {
    event.preventDefault();
    writeToken(value);
    window.location.assign('/');
  };
  return (
    <section className="panel narrow">
      <h1>API token</h1>
      <p>
        Create one with <code>hookpath token create --name portal --scope write</code>. A read token can look; sharing, uploading and
        deleting need the write scope. The token is kept in this browser&apos;s local storage.
      </p>
      <form onSubmit={save} className="form-grid">
        <label htmlFor="token">Token</label>
        <input id="token" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} placeholder="hpt_…" />
        <div className="form-actions">
          <button type="submit" className="primary">
            Save
          </button>
          <button
            type="button"
            onClick={() => {
              writeToken(null);
              window.location.assign('/settings');
            }}
          >
            Sign out
          </button>
        </div>
      </form>
    </section>
  );
}
