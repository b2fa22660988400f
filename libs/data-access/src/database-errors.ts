/** Prisma error codes that mean "Postgres is not there", as opposed to a bad query. */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Node socket errors the pg driver surfaces when the server is unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error says the database cannot be reached (the API answers 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  if (name === 'PrismaClientInitializationError') return true;
  const code = codeOf(error);
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || SOCKET_CODES.has(code))) return true;
  const message = String((error as { message?: unknown }).message ?? '');
  if (/connection terminated|timeout exceeded when trying to connect|Can't reach database server/i.test(message)) {
    return true;
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}

/** True for a unique-constraint violation (Prisma P2002, Postgres 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'P2002' || code === '23505';
}
