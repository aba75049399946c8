import { afterEach, describe, expect, it } from 'vitest';
import { readEnv } from './env.js';

describe('readEnv', () => {
  afterEach(() => {
    delete process.env.DSK_TEST_VAR;
  });

  it('returns the trimmed value of a set variable', () => {
    process.env.DSK_TEST_VAR = '  value ';
    expect(readEnv('DSK_TEST_VAR')).toBe('value');
  });

  it('treats an empty or blank variable as unset', () => {
    process.env.DSK_TEST_VAR = '   ';
    expect(readEnv('DSK_TEST_VAR')).toBeUndefined();
  });
});
