/** A run of Markdown blocks under one heading path (see {@link splitMarkdownSections}). */
export interface MarkdownSection {
  /** Title first, then each enclosing heading, outermost first: `['npm-install', 'Description']`. */
  path: string[];
  /** The section's own heading line as written (empty for the text before the first heading). */
  headingLine: string;
  /** Paragraphs, lists and whole fenced code blocks, in order, trimmed of blank lines. */
  blocks: string[];
}

const FENCE_OPEN = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

/** Heading text without inline Markdown: links keep their text, code spans and emphasis lose their marks. */
export function plainHeading(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits a Markdown body (front-matter already removed) into sections at ATX headings (`#` … `######`),
 * keeping the heading path of each. Blank lines separate blocks; a fenced code block stays one block
 * even across blank lines, and `#` lines inside it are not headings. A first-level heading equal to
 * `title` is not repeated in the path. Sections with no text are dropped.
 */
export function splitMarkdownSections(body: string, title: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: MarkdownSection = { path: [title], headingLine: '', blocks: [] };
  let paragraph: string[] = [];
  let fence: string[] | undefined;
  let fenceMarker = '';

  const flushParagraph = (): void => {
    const text = paragraph.join('\n').trim();
    if (text !== '') current.blocks.push(text);
    paragraph = [];
  };
  const closeSection = (): void => {
    flushParagraph();
    if (current.blocks.length > 0) sections.push(current);
  };

  for (const line of body.split(/\r?\n/)) {
    if (fence) {
      fence.push(line);
      if (line.trim().startsWith(fenceMarker) && line.trim().replace(new RegExp(`^\\${fenceMarker[0]}+`), '').trim() === '') {
        current.blocks.push(fence.join('\n'));
        fence = undefined;
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open?.[1]) {
      flushParagraph();
      fence = [line];
      fenceMarker = open[1];
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading?.[1] && heading[2] !== undefined) {
      closeSection();
      const level = heading[1].length;
      const text = plainHeading(heading[2]);
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
      const repeatsTitle = level === 1 && stack.length === 0 && text.toLowerCase() === title.toLowerCase();
      if (!repeatsTitle && text !== '') stack.push({ level, text });
      current = { path: [title, ...stack.map((entry) => entry.text)], headingLine: line.trim(), blocks: [] };
      continue;
    }
    if (line.trim() === '') flushParagraph();
    else paragraph.push(line);
  }
  if (fence) current.blocks.push(fence.join('\n'));
  closeSection();
  return sections;
}
