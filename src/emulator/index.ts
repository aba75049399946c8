export { createEmulator } from './create-emulator.js';
export type { Emulator } from './create-emulator.js';
export type {
  EmulatorBatchOptions,
  EmulatorFaultOptions,
  EmulatorLatencyOptions,
  EmulatorOptions,
  EmulatorRateLimit,
  EndpointKind,
} from './emulator-options.js';
export { FAULT_KINDS } from './fault-kind.js';
export type { FaultKind } from './fault-kind.js';
export { lexicalEmbedding } from './lexical-embedding.js';
export { lexicalRelevance } from './lexical-relevance.js';
export { lexicalTerms } from './lexical-terms.js';
export { rerankItemText } from './rerank-item-text.js';
export { MEDIA_ITEM_TOKENS } from './rank-documents.js';
export { CHAT_MEDIA_TOKENS } from './prepare-chat.js';
export type { EmulatorServer, ServeOptions } from './serve-emulator.js';
export type { EmulatorStats, ModelCounters, RequestLogEntry, RequestOutcome } from './stats-recorder.js';
