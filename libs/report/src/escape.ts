/** Text for HTML and SVG (element content and quoted attribute values). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/**
 * Text inside a Markdown table cell: on one line, pipes and backslashes escaped, and a `<` that
 * could open an HTML tag escaped, so the table keeps its columns in GitHub, GitLab and chat.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<');
}

/** Text as inline code (`...`), with a fence longer than any backtick run inside it. */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Inline code inside a table cell: pipes must still be escaped (GFM splits cells before it reads code spans). */
export function cellCode(text: string): string {
  return inlineCode(text).replace(/\|/g, '\\|');
}

/** A fenced code block whose fence no line of `text` can close. */
export function fencedBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** At most `max` characters, an ellipsis marking a cut. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}
