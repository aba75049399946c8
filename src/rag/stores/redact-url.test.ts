import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('drops the password and keeps user, host, port, database and query', () => {
    expect(redactUrl('postgres://ann:s3cr%40t@db.internal:5433/docs?sslmode=require')).toBe('postgres://ann@db.internal:5433/docs?sslmode=require');
  });

  it('never echoes an unparsable URL, which may hold a password', () => {
    expect(redactUrl('postgres://ann:secret@[bad')).toBe('<unparsable URL>');
  });
});
