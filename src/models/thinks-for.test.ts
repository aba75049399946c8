import { describe, expect, it } from 'vitest';
import { getChatModel } from './catalog.js';
import { thinksFor } from './thinks-for.js';

describe('thinksFor', () => {
  it('thinks by default on the Qwen3.5+ lines unless enable_thinking is false', () => {
    const model = getChatModel('qwen3.6-plus')!;
    expect(thinksFor(model, undefined)).toBe(true);
    expect(thinksFor(model, false)).toBe(false);
    expect(thinksFor(model, true)).toBe(true);
  });

  it('thinks on qwen-plus only when asked, always on qwq-plus, never on qwen-max', () => {
    expect(thinksFor(getChatModel('qwen-plus')!, undefined)).toBe(false);
    expect(thinksFor(getChatModel('qwen-plus')!, true)).toBe(true);
    expect(thinksFor(getChatModel('qwq-plus')!, false)).toBe(true);
    expect(thinksFor(getChatModel('qwen-max')!, true)).toBe(false);
  });
});
