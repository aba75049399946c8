import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../core/errors.js';
import { readFixture } from '../../test-support/fixtures.js';
import { joinBatchResults } from './read-batch-results.js';

const errorLine = JSON.stringify({
  id: 'e1',
  custom_id: '3',
  response: { status_code: 400, request_id: 'r3', body: { error: { code: 'invalid_parameter_error', message: 'bad' } } },
  error: null,
});

describe('joinBatchResults', () => {
  it('keys the recorded output lines and an error line by custom_id, whatever their order', async () => {
    const lines = [errorLine, ...readFixture('batch-compatible-output-file-content.jsonl').trim().split('\n').reverse()];
    const results = await joinBatchResults(lines);
    expect([...results.keys()].sort()).toEqual(['1', '2', '3']);
    const first = results.get('1');
    expect(first?.ok && (first.body as { model: string }).model).toBe('qwen-flash');
    expect(results.get('3')).toMatchObject({ ok: false, status_code: 400, error: { code: 'invalid_parameter_error', message: 'bad' } });
  });

  it('refuses a line that is not JSON, naming it', async () => {
    await expect(joinBatchResults(['{"custom_id":"1"}', 'nope'])).rejects.toThrow(ResponseValidationError);
    await expect(joinBatchResults(['{"custom_id":"1"}', 'nope'])).rejects.toThrow(/line 2/);
  });
});
