import { parseArgs } from 'node:util';
import { API_TOKEN_SCOPES, generateApiToken, hashApiToken, type ApiTokenScopeName } from '@hookpath/contracts';
import { ApiTokenRepository, DEFAULT_DATABASE_URL, isDatabaseUnavailable, PrismaService } from '@hookpath/data-access';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from '../cli-error';

export const TOKEN_CREATE_USAGE = 'hookpath token create --name <name> --scope read|write';

function isScope(value: string): value is ApiTokenScopeName {
  return (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

/**
 * Creates an API token in the database of DATABASE_URL and prints it once on stdout; only its
 * sha256 is stored, so a lost token cannot be shown again (create a new one).
 */
export async function runTokenCreate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, scope: { type: 'string' } },
  });
  const name = values.name?.trim();
  const scope = values.scope;
  if (positionals.length > 0 || name === undefined || name === '' || scope === undefined) {
    throw new UsageError(`usage: ${TOKEN_CREATE_USAGE}`);
  }
  if (!isScope(scope)) throw new UsageError(`--scope must be read or write, not ${JSON.stringify(scope)}`);
  const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  const prisma = new PrismaService(databaseUrl, { connectionTimeoutMillis: 5_000, maxConnections: 1 });
  try {
    const token = generateApiToken();
    const record = await new ApiTokenRepository(prisma).create({ name, scope, tokenHash: hashApiToken(token) });
    process.stdout.write(`${token}\n`);
    process.stderr.write(`created ${record.scope} token "${record.name}" (id ${record.id}); it is shown only once\n`);
    return EXIT_OK;
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      process.stderr.write(
        `hookpath: cannot reach the database at ${redact(databaseUrl)}: set DATABASE_URL, and run \`npm run db:migrate\` first\n`,
      );
      return EXIT_INTERNAL;
    }
    throw error;
  } finally {
    await prisma.disconnect();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
