import type { ToolCall } from '../wire/chat-native.js';
import type { GroundedToolCall } from './grounded-answer.js';

/**
 * Tool calls as both protocols put them in a complete assistant message:
 * `[{"function":{"name","arguments"},"index","id","type":"function"}]` (recorded native layout; the
 * compatible `chat.completion` uses the same fields).
 */
export function wireToolCalls(calls: readonly GroundedToolCall[]): ToolCall[] {
  return calls.map((call, index) => ({ function: { name: call.name, arguments: call.arguments }, index, id: call.id, type: 'function' }));
}
