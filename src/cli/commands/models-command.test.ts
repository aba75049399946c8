import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG } from '../../models/index.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

describe('dashscope-kit models', () => {
  it('prints the catalog as a table with limits, dimensions and prices, without colour on a pipe', async () => {
    const run = await runCliCaptured(['models']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('text-embedding-v4');
    expect(run.stdout).toContain('10 texts/request');
    expect(run.stdout).toContain('2048/1536/1024');
    expect(run.stdout).toContain('ap-southeast-1: $0.4 in / $1.2 out');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('filters by kind and region', async () => {
    const run = await runCliCaptured(['models', '--kind', 'rerank', '--region', 'beijing', '--json']);
    const ids = (JSON.parse(run.stdout) as { models: { id: string }[] }).models.map((model) => model.id);
    expect(ids).toEqual(['qwen3-rerank', 'gte-rerank-v2', 'qwen3-vl-rerank', 'qwen3.7-text-rerank']);
  });

  it('lists the multimodal embedding models by kind, with their element caps and media sizes in the table', async () => {
    const json = await runCliCaptured(['models', '--kind', 'multimodal-embedding', '--region', 'singapore', '--json']);
    const ids = (JSON.parse(json.stdout) as { models: { id: string }[] }).models.map((model) => model.id);
    expect(ids).toEqual(['tongyi-embedding-vision-plus', 'tongyi-embedding-vision-flash']);
    const table = await runCliCaptured(['models', '--kind', 'multimodal-embedding']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('qwen3-vl-embedding');
    expect(table.stdout).toContain('20 elements/request');
    expect(table.stdout).toContain('image 5 MB, video 50 MB');
    expect(table.stdout).toContain('cn-beijing: ¥0.7 in / ¥1.8 image');
  });

  it('prints { models } with the catalog entries unchanged for --json', async () => {
    const run = await runCliCaptured(['models', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ models: JSON.parse(JSON.stringify(MODEL_CATALOG)) });
  });

  it('refuses an unknown kind with exit 2', async () => {
    const run = await runCliCaptured(['models', '--kind', 'vision']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('vision');
  });
});
