import { describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.js';
import { ESTIMATE_MAX_OVERCOUNT, estimateTokens } from './estimate-tokens.js';

const samples: Record<string, string> = {
  english:
    'Embedding caches pay for themselves quickly. When a retrieval pipeline re-indexes a document collection every night, most paragraphs have not changed since the previous run, yet a naive implementation sends every one of them to the embedding endpoint again. Keying each vector by the model, the requested dimension and a hash of the exact text lets the pipeline skip the unchanged paragraphs and only pay for the new ones. The same idea applies to queries: popular questions repeat, and a small in-memory cache in front of the service removes a network round trip from the hot path. Two details matter. First, the key must include every parameter that changes the vector, otherwise a query embedding can be served where a document embedding was expected. Second, the cache must never store credentials; the API key belongs to the request, not to the data.',
  chinese:
    '阿里云百炼平台提供文本向量、重排序和对话补全等多种模型服务。在构建检索增强生成系统时，开发者通常需要先把文档切分成段落，再调用向量模型为每个段落生成嵌入向量，并把结果写入向量数据库。由于文档在多次索引之间往往只有少量变化，缓存已经计算过的向量可以显著降低调用成本和延迟。缓存的键必须包含模型名称、向量维度、文本类型以及文本内容的哈希值，这样才能保证不同参数下的结果不会被混用。此外，任何情况下都不应该把接口密钥写入缓存文件。',
  classicalChinese:
    '风急天高猿啸哀，渚清沙白鸟飞回。无边落木萧萧下，不尽长江滚滚来。万里悲秋常作客，百年多病独登台。艰难苦恨繁霜鬓，潦倒新停浊酒杯。',
  japanese:
    '検索拡張生成のパイプラインでは、文書を段落に分割し、それぞれの段落に対して埋め込みベクトルを計算します。毎晩のインデックス更新で変更されていない段落を再計算するのは無駄なので、モデル名と次元数とテキストのハッシュをキーにしてキャッシュします。',
  korean:
    '검색 증강 생성 파이프라인에서는 문서를 단락으로 나누고 각 단락에 대해 임베딩 벡터를 계산합니다. 변경되지 않은 단락을 다시 계산하는 것은 낭비이므로 모델 이름과 차원, 텍스트 해시를 키로 사용하여 캐시합니다.',
  russian:
    'Кэширование эмбеддингов окупается быстро: при ежедневной переиндексации большинство абзацев не меняется, и их не нужно отправлять в сервис повторно.',
  typescript: `export async function embedMany(client: DashScope, texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
  const batchSize = options.batchSize ?? 10;
  const results: number[][] = new Array(texts.length);
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const response = await client.embeddings.create({ model: 'text-embedding-v4', input: { texts: batch }, parameters: { dimension: 1024 } });
    for (const item of response.output.embeddings) {
      results[start + item.text_index] = item.embedding;
    }
  }
  return results;
}`,
  python: `def chunk_text(text: str, max_chars: int = 2000) -> list[str]:
    paragraphs = [p.strip() for p in text.split("\\n\\n") if p.strip()]
    chunks, current = [], ""
    for paragraph in paragraphs:
        if len(current) + len(paragraph) + 2 > max_chars and current:
            chunks.append(current)
            current = ""
        current = f"{current}\\n\\n{paragraph}" if current else paragraph
    if current:
        chunks.append(current)
    return chunks`,
  json: '{"model":"text-embedding-v4","input":{"texts":["风急天高猿啸哀","渚清沙白鸟飞回"]},"parameters":{"dimension":1024,"text_type":"query","output_type":"dense&sparse"},"usage":{"total_tokens":27},"request_id":"1ba94ac8-e058-99bc-9cc1-7fdb37940a46"}',
  csv: `date,region,requests,tokens,cost_usd
2026-03-01,ap-southeast-1,18234,9123442,12.77
2026-03-02,ap-southeast-1,19877,10023311,14.03
2026-03-03,cn-beijing,7342,3321007,4.65`,
  emoji: 'Release notes 🎉: faster caching 🚀, fewer bugs 🐛➡️✅, and family support 👨‍👩‍👧‍👦. Thanks to everyone who tested 🙏🙏🙏! 日本語もOK 👍',
  whitespace: 'a     b\n\n\n\n   c\t\t\td       \n        ',
};

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

describe('estimateTokens', () => {
  it.each(Object.entries(samples))(
    'is an upper bound within the stated factor of the real count for the %s sample',
    async (_name, text) => {
      const actual = await countTokens(text);
      const estimate = estimateTokens(text);
      expect(estimate).toBeGreaterThanOrEqual(actual);
      expect(estimate).toBeLessThanOrEqual(actual * ESTIMATE_MAX_OVERCOUNT);
    },
  );

  it('never exceeds the UTF-8 byte length', () => {
    const strings = [...Object.values(samples), '1', ' ', '  ', 'é', '😀', '\uD800', 'x\uDC00y', ' 7', 'Zyzzyva'];
    for (const text of strings) expect(estimateTokens(text)).toBeLessThanOrEqual(utf8Bytes(text));
  });

  it('counts the empty string as zero and single characters as one', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('中')).toBe(1);
    expect(estimateTokens('9')).toBe(1);
  });

  it('rejects non-string input with a TypeError', () => {
    expect(() => estimateTokens(undefined as unknown as string)).toThrow(TypeError);
  });
});
