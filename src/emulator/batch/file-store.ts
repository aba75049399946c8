/** One stored file of the emulator's Files API. `created_at` is epoch ms (the wire shows seconds). */
export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  created_at: number;
}

/** Filters of {@link FileStore.list}, as `GET /files` takes them (`create_after`/`create_before`: yyyyMMdd). */
export interface FileListFilters {
  after?: string | undefined;
  limit: number;
  purpose?: string | undefined;
  create_after?: string | undefined;
  create_before?: string | undefined;
}

type NodeFs = typeof import('node:fs/promises');

function hex(length: number): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, length);
}

/** `yyyyMMdd` of an epoch-ms instant, UTC. */
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The id DashScope gives a file of this purpose: `file-batch-…`, `file-batch_output-…` or `file-fe-…`. */
function fileId(purpose: string): string {
  if (purpose === 'batch') return `file-batch-${hex(24)}`;
  if (purpose === 'batch_output') return `file-batch_output-${hex(24)}`;
  return `file-fe-${hex(24)}`;
}

/**
 * The emulator's files, newest last. Their bytes live in memory, or, given a `folder`, one file per id
 * under it (created if missing; needs `node:fs`, loaded on first use, so Node, Bun and Deno): uploads are
 * streamed to disk and a file's bytes are read back only while a batch validates it or its content is served.
 */
export class FileStore {
  readonly #files = new Map<string, StoredFile>();
  readonly #texts = new Map<string, string>();
  readonly #folder: string | undefined;
  #fs: Promise<NodeFs> | undefined;

  /** `folder`: where to keep file bytes instead of memory (see {@link EmulatorOptions.filesFolder}). */
  constructor(folder?: string) {
    this.#folder = folder;
  }

  async #disk(id: string): Promise<{ fs: NodeFs; path: string }> {
    const folder = this.#folder as string;
    this.#fs ??= import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(folder, { recursive: true });
      return fs;
    });
    return { fs: await this.#fs, path: `${folder.replace(/\/+$/, '')}/${id}` };
  }

  /**
   * Stores a file (an uploaded Blob or a written string) and returns it with a fresh id.
   * @throws the file system's error when the folder cannot be written.
   */
  async add(fields: { filename: string; purpose: string; content: Blob | string; now: number }): Promise<StoredFile> {
    const id = fileId(fields.purpose);
    let bytes: number;
    if (this.#folder === undefined) {
      const text = typeof fields.content === 'string' ? fields.content : await fields.content.text();
      bytes = new TextEncoder().encode(text).byteLength;
      this.#texts.set(id, text);
    } else {
      const { fs, path } = await this.#disk(id);
      const content = fields.content;
      await fs.writeFile(path, typeof content === 'string' ? content : (content.stream() as unknown as AsyncIterable<Uint8Array>));
      bytes = (await fs.stat(path)).size;
    }
    const file: StoredFile = { id, filename: fields.filename, purpose: fields.purpose, bytes, created_at: fields.now };
    this.#files.set(id, file);
    return file;
  }

  /** The file with this id, if stored. */
  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }

  /**
   * A stored file's contents as UTF-8 text.
   * @throws Error for an id not stored; the file system's error when its bytes cannot be read.
   */
  async text(id: string): Promise<string> {
    if (!this.#files.has(id)) throw new Error(`No stored file ${id}`);
    if (this.#folder === undefined) return this.#texts.get(id) ?? '';
    const { fs, path } = await this.#disk(id);
    return fs.readFile(path, 'utf8');
  }

  /** Removes a file (and its bytes on disk); false when there was none. */
  async delete(id: string): Promise<boolean> {
    if (!this.#files.delete(id)) return false;
    this.#texts.delete(id);
    if (this.#folder !== undefined) {
      const { fs, path } = await this.#disk(id);
      await fs.rm(path, { force: true });
    }
    return true;
  }

  /** Removes every file (an emulator `reset()`), including their bytes on disk. */
  async clear(): Promise<void> {
    await Promise.all([...this.#files.keys()].map((id) => this.delete(id)));
  }

  /** One page, newest first, after the id `after`; `has_more` when more matched. */
  list(filters: FileListFilters): { data: StoredFile[]; has_more: boolean } {
    let matching = [...this.#files.values()].reverse().filter((file) => {
      if (filters.purpose && file.purpose !== filters.purpose) return false;
      if (filters.create_after && day(file.created_at) < filters.create_after) return false;
      return !(filters.create_before && day(file.created_at) > filters.create_before);
    });
    if (filters.after) {
      const at = matching.findIndex((file) => file.id === filters.after);
      matching = at < 0 ? [] : matching.slice(at + 1);
    }
    return { data: matching.slice(0, filters.limit), has_more: matching.length > filters.limit };
  }
}

/** The wire form of a stored file (`created_at` in seconds). */
export function fileObject(file: StoredFile): Record<string, unknown> {
  return { id: file.id, object: 'file', bytes: file.bytes, filename: file.filename, purpose: file.purpose, status: 'processed', created_at: Math.floor(file.created_at / 1000) };
}
