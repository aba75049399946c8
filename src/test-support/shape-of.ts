/** The structure of a JSON value: type names for leaves, key → shape for objects, distinct element shapes for arrays. */
export type Shape = string | Shape[] | { [key: string]: Shape };

/**
 * Reduces a JSON value to its shape (field names, types, nesting), for comparing emulator answers
 * with recorded DashScope payloads whose values differ. Numbers are `number` whatever their value;
 * an array's shape is the sorted list of its elements' distinct shapes, so `[1, 2, 3]` and `[4]` match.
 */
export function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const distinct = new Map<string, Shape>();
    for (const element of value) {
      const shape = shapeOf(element);
      distinct.set(JSON.stringify(shape), shape);
    }
    return [...distinct.entries()].sort(([left], [right]) => left.localeCompare(right)).map(([, shape]) => shape);
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([left], [right]) => left.localeCompare(right));
    return Object.fromEntries(entries.map(([key, entry]) => [key, shapeOf(entry)]));
  }
  return typeof value;
}

/** One SSE event as raw lines: field lines (`id`, `event`, `data`) and comment lines (`:HTTP_STATUS/200`). */
export interface RawSSEEvent {
  /** Lines in order, values elided where they vary: `id:`, `data:` or `data: `; `event:…` and comments kept whole. */
  framing: string[];
  data: string;
}

/**
 * Splits an SSE transcript into events on blank lines, keeping the framing of each event, so tests
 * can compare framing (`id:` / `event:result` / `:HTTP_STATUS/200` / `data:`) with a recording.
 */
export function splitSSE(transcript: string): RawSSEEvent[] {
  return transcript
    .replace(/\r\n/g, '\n')
    .split(/\n\n+/)
    .map((block) => block.split('\n').filter((line) => line !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({
      framing: lines.map((line) => {
        if (line.startsWith(':') || line.startsWith('event:')) return line;
        const colon = line.indexOf(':');
        return line.slice(0, colon + 1) + (line[colon + 1] === ' ' ? ' ' : '');
      }),
      data: lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    }));
}
