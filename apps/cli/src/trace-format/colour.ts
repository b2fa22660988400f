/** ANSI styles of the readable trace. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

export type Paint = (style: Style, text: string) => string;

export const plain: Paint = (_style, text) => text;
export const ansi: Paint = (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;

/**
 * Colour when stdout is a terminal, or when FORCE_COLOR asks for it (the convention of Node and
 * most CLIs: any value but `0`/`false`); NO_COLOR turns it off for terminals.
 */
export function colourEnabled(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTty;
}
