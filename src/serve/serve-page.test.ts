import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../test-support/emulator-server.js';
import { haveChromium, launchChromium } from '../test-support/launch-chromium.js';
import { startServeCommand, writeServeDocs, type RunningServe } from '../test-support/serve-command-server.js';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let emulator: RunningEmulator;
let serve: RunningServe;
let work: string;
let browser: Browser | undefined;

beforeAll(async () => {
  emulator = await startEmulatorServer({ seed: 3, latency: { eventIntervalMs: 60 } });
  work = mkdtempSync(join(tmpdir(), 'dsk-serve-page-'));
  serve = await startServeCommand(['--docs', writeServeDocs(join(work, 'docs')), '--index', join(work, 'index')], { env: emulator.env, cwd: work });
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the serve page in headless Chromium', () => {
  it.skipIf(!haveChromium)('streams the answer to a typed question, then lists numbered sources that open their chunk text', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${serve.url}/`);
    await expect.poll(() => page.title()).toBe('Ask docs · dashscope-kit');
    await page.evaluate(() => {
      const lengths: number[] = [];
      new MutationObserver(() => {
        const answer = document.querySelector('.answer');
        if (answer && document.querySelectorAll('.sources li').length === 0) lengths.push(answer.textContent?.length ?? 0);
      }).observe(document.getElementById('turns') as HTMLElement, { subtree: true, childList: true, characterData: true });
      (window as unknown as { answerLengths: number[] }).answerLengths = lengths;
    });
    await page.fill('#question', 'How do I publish a scoped package publicly?');
    await page.click('#ask');
    await page.waitForFunction(() => (document.querySelector('.answer')?.textContent ?? '').length > 0 && document.querySelectorAll('.sources li').length === 0);
    await page.waitForSelector('.sources li');
    const lengths = await page.evaluate(() => (window as unknown as { answerLengths: number[] }).answerLengths);
    expect(new Set(lengths.filter((length) => length > 0)).size).toBeGreaterThan(2);
    const answer = await page.textContent('.answer');
    expect(answer).toMatch(/--access public.*\[1\]/);
    const summaries = await page.locator('.sources summary').allTextContents();
    expect(summaries[0]).toBe('[1] publish.md — Publishing > Scoped packages');
    for (const summary of summaries) expect(summary).toMatch(/^\[\d\] \w+\.md — .+/);
    await expect.poll(() => page.locator('.sources pre').first().isVisible()).toBe(false);
    await page.click('.sources summary');
    await expect.poll(() => page.locator('.sources pre').first().isVisible()).toBe(true);
    expect(await page.locator('.sources pre').first().textContent()).toContain('npm publish --access public');
    mkdirSync(artifacts, { recursive: true });
    const screenshot = join(artifacts, 'serve-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });
});
