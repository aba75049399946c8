import { describe, expect, it } from 'vitest';
import { rerankItemText } from './rerank-item-text.js';

describe('rerankItemText', () => {
  it('passes plain strings and text items through', () => {
    expect(rerankItemText('hello')).toBe('hello');
    expect(rerankItemText({ text: 'hello' })).toBe('hello');
  });

  it('reads the words of an image or video URL', () => {
    expect(rerankItemText({ image: 'https://x.example/cats/black_cat.jpg' })).toBe('x example cats black cat jpg');
    expect(rerankItemText({ video: 'https://x.example/zh-CN/new+video.mp4' })).toBe('x example zh CN new video mp4');
  });

  it('gives identical data URIs the same words and different ones different words', () => {
    const first = rerankItemText({ image: 'data:image/png;base64,AAAA' });
    expect(first).toBe(rerankItemText({ image: 'data:image/png;base64,AAAA' }));
    expect(first).not.toBe(rerankItemText({ image: 'data:image/png;base64,BBBB' }));
    expect(first.startsWith('image png base64 content')).toBe(true);
  });
});
