import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'dashscope-kit-no-peers-'));
  const installed = join(project, 'node_modules', 'dashscope-kit');
  mkdirSync(installed, { recursive: true });
  cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(installed, 'package.json'));
  for (const name of Object.keys(manifest.dependencies)) {
    mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
  }
});
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

async function evaluate(code: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: project, env: { ...process.env, DASHSCOPE_API_KEY: 'sk-test-peers' }, timeout: 20_000 });
  return stdout.trim();
}

describe('an install without the framework peers', () => {
  it('declares every framework and engine (the Redis clients) as an optional peer', () => {
    const meta = (manifest as { peerDependenciesMeta?: Record<string, { optional?: boolean }> }).peerDependenciesMeta ?? {};
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@ai-sdk/provider', '@langchain/core', 'ai', 'bullmq', 'ioredis']);
    for (const name of Object.keys(manifest.peerDependencies)) expect(meta[name]?.optional, name).toBe(true);
  });

  it('imports the core, the AI SDK provider and the factory', async () => {
    const out = await evaluate(
      "const core = await import('dashscope-kit'); const { createDashScope } = await import('dashscope-kit/ai-sdk'); const { createReranker } = await import('dashscope-kit/factory');" +
        "console.log(typeof core.DashScope, createDashScope({ baseURL: 'http://127.0.0.1:9' })('qwen-plus').specificationVersion, createReranker('dashscope', 'qwen3-rerank').model);",
    );
    expect(out).toBe('function v4 qwen3-rerank');
  });

  it('names the package to install when the LangChain face is imported or asked for', async () => {
    const out = await evaluate(
      "const { createReranker } = await import('dashscope-kit/factory');" +
        "try { await createReranker('dashscope', 'qwen3-rerank').toLangChain(); } catch (error) { console.log(error.message); }" +
        "try { await import('dashscope-kit/langchain'); } catch (error) { console.log(error.message.split('\\n')[0]); }",
    );
    const [fromFactory, fromImport] = out.split('\n');
    expect(fromFactory).toBe('toLangChain() needs @langchain/core: npm install @langchain/core');
    expect(fromImport).toMatch(/Cannot find package '@langchain\/core'/);
  });

  it('imports dashscope-kit/rag without the store engines and names the package a postgres:// store needs', async () => {
    expect(Object.keys((manifest as { optionalDependencies?: Record<string, string> }).optionalDependencies ?? {}).sort()).toEqual(['pg', 'pgvector']);
    const out = await evaluate(
      "const rag = await import('dashscope-kit/rag');" +
        "try { await rag.openVectorStore('postgres://ann:hunter2@127.0.0.1:9/docs'); } catch (error) { console.log(error.message, '|', error.hint); }",
    );
    expect(out).toBe('The PostgreSQL store needs the npm package pg, which is not installed. | npm install pg');
  });
});
