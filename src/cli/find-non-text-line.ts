/** Where {@link findNonTextLine} found bytes that are not UTF-8 text. */
export interface NonTextLine {
  /** 1-based line number. */
  line: number;
  /** `binary`: a NUL byte; `invalid-utf8`: bytes that do not decode as UTF-8. */
  reason: 'binary' | 'invalid-utf8';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function check(bytes: Uint8Array, line: number): NonTextLine | undefined {
  if (bytes.includes(0)) return { line, reason: 'binary' };
  try {
    decoder.decode(bytes);
    return undefined;
  } catch {
    return { line, reason: 'invalid-utf8' };
  }
}

/**
 * Reads `chunks` (a file or stdin, any chunk size) line by line (split on `\n`, which never occurs inside
 * a UTF-8 sequence) and returns the first line holding a NUL byte or bytes that are not UTF-8, or
 * `undefined` when everything is text. Memory holds one chunk and one line.
 */
export async function findNonTextLine(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): Promise<NonTextLine | undefined> {
  let line = 1;
  let carry: Buffer | undefined;
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      const found = check(carry ? Buffer.concat([carry, piece]) : piece, line);
      if (found) return found;
      carry = undefined;
      line++;
      start = newline + 1;
    }
    if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
  }
  return carry ? check(carry, line) : undefined;
}

/** How {@link NonTextLine.reason} reads in a message. */
export const NON_TEXT_REASONS = { binary: 'binary data (a NUL byte)', 'invalid-utf8': 'bytes that are not valid UTF-8' } as const;
