import { describe, expect, it } from 'vitest';
import { OFFLINE_IDENTITY, offlineReply } from './offline-reply.js';

describe('offlineReply', () => {
  it('greets back and says it is the offline emulator, not Qwen', () => {
    expect(offlineReply('Hello')).toBe(`Hello! ${OFFLINE_IDENTITY}`);
    expect(offlineReply('你好')).toBe(`Hello! ${OFFLINE_IDENTITY}`);
    expect(OFFLINE_IDENTITY).toContain('not Qwen');
  });

  it('works out simple arithmetic and refuses a division by zero', () => {
    expect(offlineReply('What is 12 * 3.5?')).toBe(`12 * 3.5 = 42. ${OFFLINE_IDENTITY}`);
    expect(offlineReply('0.1+0.2')).toBe(`0.1 + 0.2 = 0.3. ${OFFLINE_IDENTITY}`);
    expect(offlineReply('1 / 0')).toContain('came with no passage');
  });

  it('names what was asked, shortened, and gives the same reply for the same prompt', () => {
    const long = `Explain ${'very '.repeat(60)}carefully`;
    expect(offlineReply(long)).toContain('…")');
    expect(offlineReply(long)).toBe(offlineReply(long));
    expect(offlineReply('Highway to hell')).not.toContain('Hello!');
  });
});
