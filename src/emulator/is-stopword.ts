const STOPWORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can', 'do', 'does', 'for', 'from', 'had', 'has',
  'have', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'me', 'my', 'of', 'on', 'or', 'our', 'so', 'than', 'that',
  'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'those', 'to', 'us', 'wa', 'was', 'we', 'were',
  'what', 'when', 'where', 'which', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your',
  '的', '了', '是', '在', '和', '与', '也', '就', '都', '而', '及', '或', '一', '个', '这', '那', '有', '我', '你', '他',
  '她', '它', '们', '吗', '呢', '吧', '啊', '什么', '如何', '怎么', '请问', '是否', '为什么', '哪些', '多少',
]);

/**
 * Whether a lexical term (as produced by {@link lexicalTerms}) is a function word that carries little
 * meaning: a short fixed list of English and Chinese stopwords. The emulator's lexical models weight
 * such terms down instead of dropping them, so a text made only of stopwords still has a vector.
 */
export function isStopword(term: string): boolean {
  return STOPWORDS.has(term);
}
