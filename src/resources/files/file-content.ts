/**
 * A file's contents as they arrive: iterate the bytes (`for await (const chunk of content)`), read
 * them line by line with {@link FileContent.lines}, or hand {@link FileContent.body} on. Nothing is
 * buffered beyond the current chunk (and, for `lines()`, the current line). Read it once.
 */
export class FileContent implements AsyncIterable<Uint8Array> {
  /** The HTTP response, body unread. */
  readonly response: Response;

  /** @internal Created by `client.files.content()`. */
  constructor(response: Response) {
    this.response = response;
  }

  /** The body stream (empty for a bodiless response). */
  get body(): ReadableStream<Uint8Array> {
    return this.response.body ?? new ReadableStream({ start: (controller) => controller.close() });
  }

  /** The body's chunks as they arrive; leaving the loop early cancels the download. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    const reader = this.body.getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        yield value;
      }
    } finally {
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }

  /** The UTF-8 lines of the file, without their `\n` / `\r\n`; empty lines are skipped. */
  async *lines(): AsyncGenerator<string, void, undefined> {
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of this) {
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        if (line.trim() !== '') yield line;
        newline = pending.indexOf('\n');
      }
    }
    pending += decoder.decode();
    if (pending.trim() !== '') yield pending.replace(/\r$/, '');
  }

  /** The whole file as UTF-8 text (buffers it: for small files). */
  async text(): Promise<string> {
    return this.response.text();
  }
}
