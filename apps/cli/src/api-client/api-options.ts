import { UsageError } from '../cli-error';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

/** The parseArgs options every API command takes. */
export const API_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
} as const;

export const API_OPTIONS_USAGE = '[--api <url>] [--token <token>]';

export interface ApiTarget {
  baseUrl: string;
  token: string;
}

/**
 * `--api` over HOOKPATH_API_URL over the local default; `--token` over HOOKPATH_TOKEN, required
 * (every call but /health needs a bearer token).
 */
export function resolveApiTarget(values: { api?: string | undefined; token?: string | undefined }, env: NodeJS.ProcessEnv): ApiTarget {
  const raw = values.api?.trim() || env.HOOKPATH_API_URL?.trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--api ${JSON.stringify(raw)} is not a URL (expected e.g. ${DEFAULT_API_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--api ${JSON.stringify(raw)}: expected an http:// or https:// URL`);
  const token = values.token?.trim() || env.HOOKPATH_TOKEN?.trim() || '';
  if (token === '') {
    throw new UsageError(
      'an API token is required: pass --token <token> or set HOOKPATH_TOKEN (create one with `hookpath token create --name ci --scope write`)',
    );
  }
  return { baseUrl: url.toString().replace(/\/+$/, ''), token };
}
