import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDocsFolder } from '../cli/default-docs-folder.js';
import { LocalFileError } from './local-file-error.js';
import { readQuestionSet } from './read-question-set.js';

const NPM_DOCS_QUESTIONS = fileURLToPath(new URL('./quality/npm-docs-questions.json', import.meta.url));
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-questions-'));
  mkdirSync(join(folder, 'docs', 'commands'), { recursive: true });
  writeFileSync(join(folder, 'docs', 'commands', 'npm-run-script.md'), 'Use `--` to pass\n  flags through.');
  writeFileSync(join(folder, 'docs', 'ci.md'), 'npm ci needs a lockfile.');
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function writeSet(questions: unknown[]): string {
  const path = join(folder, 'set.json');
  writeFileSync(path, JSON.stringify({ name: 'tiny', source: 'hand-written', questions }));
  return path;
}

describe('readQuestionSet', () => {
  it('keeps a question answered by its also file, reports absent files, and drops unanswerable questions with the reason', async () => {
    const path = writeSet([
      { id: 'run', question: 'pass flags?', file: 'commands/npm-run.md', also: ['commands/npm-run-script.md'], evidence: 'Use `--` to pass flags' },
      { id: 'ci', question: 'ci?', file: 'ci.md', evidence: 'needs a lockfile' },
      { id: 'gone', question: 'hook?', file: 'commands/npm-hook.md', evidence: 'hook' },
      { id: 'stale', question: 'ci again?', file: 'ci.md', evidence: 'deletes node_modules' },
    ]);
    const reading = await readQuestionSet(path, join(folder, 'docs'));
    expect(reading.name).toBe('tiny');
    expect(reading.questions.map((question) => question.id)).toEqual(['run', 'ci']);
    expect(reading.missingFiles).toEqual([
      { id: 'run', file: 'commands/npm-run.md' },
      { id: 'gone', file: 'commands/npm-hook.md' },
    ]);
    expect(reading.dropped).toEqual([
      { id: 'gone', reason: 'no-file', files: ['commands/npm-hook.md'] },
      { id: 'stale', reason: 'no-evidence', files: ['ci.md'] },
    ]);
  });

  it('throws a LocalFileError for a malformed set, a repeated id or a missing docs folder', async () => {
    const docs = join(folder, 'docs');
    await expect(readQuestionSet(writeSet([{ id: 'x', question: 'q', file: 'ci.md' }]), docs)).rejects.toThrow(/no string `evidence`/);
    const twice = { id: 'x', question: 'q', file: 'ci.md', evidence: 'npm' };
    await expect(readQuestionSet(writeSet([twice, twice]), docs)).rejects.toThrow(/appears twice/);
    await expect(readQuestionSet(writeSet([{ ...twice, also: 'ci.md' }]), docs)).rejects.toThrow(/not a list/);
    writeFileSync(join(folder, 'broken.json'), '{"questions": [');
    await expect(readQuestionSet(join(folder, 'broken.json'), docs)).rejects.toThrow(LocalFileError);
    await expect(readQuestionSet(writeSet([twice]), join(folder, 'nowhere'))).rejects.toThrow(/does not exist/);
  });

  it("answers every question of the npm docs set from the npm docs on this machine, over 60 questions", async () => {
    const reading = await readQuestionSet(NPM_DOCS_QUESTIONS, await defaultDocsFolder());
    expect(reading.dropped).toEqual([]);
    expect(reading.questions.length).toBeGreaterThanOrEqual(60);
  });
});
