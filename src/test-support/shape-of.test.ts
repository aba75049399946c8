import { describe, expect, it } from 'vitest';
import { shapeOf, splitSSE } from './shape-of.js';

describe('shapeOf', () => {
  it('keeps field names, types and nesting but not values', () => {
    expect(shapeOf({ b: [1, 2.5], a: { c: 'x', d: null } })).toEqual({ a: { c: 'string', d: 'null' }, b: ['number'] });
  });

  it('tells apart arrays whose elements have different shapes', () => {
    expect(shapeOf([{ text: 'a' }, { image: 'b' }])).not.toEqual(shapeOf([{ text: 'a' }]));
  });
});

describe('splitSSE', () => {
  it('keeps native framing and reads the data line', () => {
    expect(splitSSE('id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"a":1}\n\n')).toEqual([
      { framing: ['id:', 'event:result', ':HTTP_STATUS/200', 'data:'], data: '{"a":1}' },
    ]);
  });

  it('distinguishes compatible framing with a space after data:', () => {
    expect(splitSSE('data: [DONE]\n\n')).toEqual([{ framing: ['data: '], data: '[DONE]' }]);
  });
});
