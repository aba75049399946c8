import { describe, expect, it } from 'vitest';
import { dataUriBytes } from './data-uri-bytes.js';

const base64Of = (bytes: number) => `data:image/jpeg;base64,${Buffer.alloc(bytes, 0xab).toString('base64')}`;

describe('dataUriBytes', () => {
  it.each([0, 1, 2, 3, 4, 5, 1_000, 3 * 1024 * 1024 + 1])('gives the decoded size of a base64 payload of %i bytes, padding included', (bytes) => {
    expect(dataUriBytes(base64Of(bytes))).toBe(bytes);
  });

  it('ignores whitespace inside a base64 payload', () => {
    const payload = Buffer.alloc(300, 7).toString('base64').replace(/(.{76})/g, '$1\n');
    expect(dataUriBytes(`data:image/png;base64,${payload}`)).toBe(300);
  });

  it('counts a percent-escaped payload with each escape as one byte', () => {
    expect(dataUriBytes('data:text/plain,a%20b')).toBe(3);
  });

  it('says invalid for characters outside the base64 alphabet and undefined for a URL', () => {
    expect(dataUriBytes('data:image/png;base64,ab$d')).toBe('invalid');
    expect(dataUriBytes('https://example.com/a.png')).toBeUndefined();
  });
});
