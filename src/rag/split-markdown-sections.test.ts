import { describe, expect, it } from 'vitest';
import { plainHeading, splitMarkdownSections } from './split-markdown-sections.js';

describe('splitMarkdownSections', () => {
  it('keeps the heading path of nested sections and pops it at a shallower heading', () => {
    const sections = splitMarkdownSections('intro\n\n### Description\n\ntext\n\n#### Details\n\nmore\n\n### See Also\n\nlinks', 'npm-install');
    expect(sections.map((section) => section.path.join(' > '))).toEqual([
      'npm-install',
      'npm-install > Description',
      'npm-install > Description > Details',
      'npm-install > See Also',
    ]);
  });

  it('keeps a fenced code block whole and does not read its # lines as headings', () => {
    const [section] = splitMarkdownSections('### Synopsis\n\n```bash\n# a comment\n\nnpm install\n```\n', 'npm-install');
    expect(section?.blocks).toEqual(['```bash\n# a comment\n\nnpm install\n```']);
    expect(section?.path).toEqual(['npm-install', 'Synopsis']);
  });

  it('does not repeat a first-level heading equal to the title', () => {
    const sections = splitMarkdownSections('# Scope\n\n## Usage\n\nuse it', 'Scope');
    expect(sections.map((section) => section.path)).toEqual([['Scope', 'Usage']]);
  });

  it('drops sections that have a heading but no text', () => {
    expect(splitMarkdownSections('### Empty\n\n### Full\n\ntext', 't').map((section) => section.headingLine)).toEqual(['### Full']);
  });
});

describe('plainHeading', () => {
  it('strips links, code spans and emphasis from a heading', () => {
    expect(plainHeading('How `npm install` uses [package-lock.json](/configuring-npm/package-lock-json) **now**')).toBe(
      'How npm install uses package-lock.json now',
    );
  });
});
