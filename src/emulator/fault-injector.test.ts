import { describe, expect, it } from 'vitest';
import { createFaultInjector, type FaultTarget } from './fault-injector.js';

const embed: FaultTarget = { endpoint: 'embeddings', protocol: 'native', model: 'text-embedding-v4' };

describe('createFaultInjector', () => {
  it('plays a scripted sequence once and then answers ok', () => {
    const injector = createFaultInjector({ sequence: ['429', 'ok', 'reset-mid-body'] }, 1);
    expect([1, 2, 3, 4, 5].map(() => injector.next(embed))).toEqual(['429', 'ok', 'reset-mid-body', 'ok', 'ok']);
  });

  it('loops a scripted sequence when asked', () => {
    const injector = createFaultInjector({ sequence: ['500', 'ok'], loop: true }, 1);
    expect([1, 2, 3, 4].map(() => injector.next(embed))).toEqual(['500', 'ok', '500', 'ok']);
  });

  it('draws the same faults from the same seed', () => {
    const draw = (seed: number) => {
      const injector = createFaultInjector({ rate: 0.3 }, seed);
      return Array.from({ length: 200 }, () => injector.next(embed));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('faults about the requested share of requests with the weighted kinds only', () => {
    const injector = createFaultInjector({ rate: 0.1, kinds: { '429': 1, '503': 1 }, seed: 7 }, 0);
    const kinds = Array.from({ length: 10_000 }, () => injector.next(embed));
    const faulted = kinds.filter((kind) => kind !== 'ok');
    expect(faulted.length).toBeGreaterThan(800);
    expect(faulted.length).toBeLessThan(1200);
    expect(new Set(faulted)).toEqual(new Set(['429', '503']));
    expect(injector.seed).toBe(7);
  });

  it('leaves endpoints, protocols and models outside its scope alone without consuming the sequence', () => {
    const injector = createFaultInjector({ sequence: ['500'], endpoints: ['chat'], protocols: ['compatible'], models: ['qwen-plus'] }, 1);
    expect(injector.next(embed)).toBe('ok');
    expect(injector.next({ endpoint: 'chat', protocol: 'native', model: 'qwen-plus' })).toBe('ok');
    expect(injector.next({ endpoint: 'chat', protocol: 'compatible', model: 'qwen-max' })).toBe('ok');
    expect(injector.next({ endpoint: 'chat', protocol: 'compatible', model: 'qwen-plus' })).toBe('500');
  });

  it('rejects unknown fault names and rates outside [0, 1]', () => {
    expect(() => createFaultInjector({ sequence: ['explode' as 'ok'] }, 1)).toThrow(/unknown fault kind "explode"/);
    expect(() => createFaultInjector({ rate: 1.5 }, 1)).toThrow(RangeError);
  });
});
