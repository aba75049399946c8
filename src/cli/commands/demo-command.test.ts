import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import { OFFLINE_NOTICE } from '../cli-context.js';
import { DEMO_QUESTIONS, type DemoJson } from './demo-command.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dsk-demo-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('dashscope-kit demo', () => {
  it('answers the three npm questions offline with citations and prints { offline, index, answers, durationMs } for --json', async () => {
    const run = await runCliCaptured(['demo', '--json'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`${OFFLINE_NOTICE}\n`);
    const json = JSON.parse(run.stdout) as DemoJson;
    expect(Object.keys(json).sort()).toEqual(['answers', 'durationMs', 'index', 'offline']);
    expect(json.offline).toBe(true);
    expect(json.index.index).toBe(join(work, '.dashscope-kit', 'index'));
    expect(json.answers.map((answer) => answer.question)).toEqual([...DEMO_QUESTIONS]);
    for (const answer of json.answers) {
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(answer.sources.filter((source) => source.cited).every((source) => /npm|package/i.test(source.text))).toBe(true);
    }
  });
});
