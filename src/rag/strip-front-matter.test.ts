import { describe, expect, it } from 'vitest';
import { stripFrontMatter } from './strip-front-matter.js';

describe('stripFrontMatter', () => {
  it('removes the block and reads flat fields with quotes removed', () => {
    const split = stripFrontMatter('---\ntitle: "npm-install"\nsection: 1\n---\n\n### Synopsis\n');
    expect(split.fields).toEqual({ title: 'npm-install', section: '1' });
    expect(split.body).toBe('\n### Synopsis\n');
  });

  it('returns text without front-matter unchanged', () => {
    expect(stripFrontMatter('# Title\n---\nnot: front-matter\n---\n')).toEqual({ fields: {}, body: '# Title\n---\nnot: front-matter\n---\n' });
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    expect(stripFrontMatter('\uFEFF---\r\ntitle: x\r\n---\r\nbody')).toEqual({ fields: { title: 'x' }, body: 'body' });
  });
});
