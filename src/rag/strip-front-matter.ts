/** A Markdown document split into its YAML front-matter fields (flat `key: value` lines) and body. */
export interface FrontMatterSplit {
  /** Top-level scalar fields, quotes removed, e.g. `{ title: 'npm-install', section: '1' }`. */
  fields: Record<string, string>;
  /** The document without the front-matter block. */
  body: string;
}

const BLOCK = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const FIELD = /^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/;

/**
 * Removes a leading `---` … `---` front-matter block and reads its flat `key: value` fields (enough for
 * `title` and `description`; nested YAML values are ignored, not parsed). Text without front-matter comes
 * back unchanged with no fields.
 */
export function stripFrontMatter(markdown: string): FrontMatterSplit {
  const match = BLOCK.exec(markdown);
  if (!match) return { fields: {}, body: markdown.replace(/^\uFEFF/, '') };
  const fields: Record<string, string> = {};
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const field = FIELD.exec(line);
    if (field?.[1] && field[2] !== undefined) fields[field[1]] = field[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return { fields, body: markdown.slice(match[0].length) };
}
