/** One stored file of the emulator's Files API. `created_at` is epoch ms (the wire shows seconds). */
export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  created_at: number;
  text: string;
}

/** Filters of {@link FileStore.list}, as `GET /files` takes them (`create_after`/`create_before`: yyyyMMdd). */
export interface FileListFilters {
  after?: string | undefined;
  limit: number;
  purpose?: string | undefined;
  create_after?: string | undefined;
  create_before?: string | undefined;
}

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

/** The emulator's files, in memory, newest last. */
export class FileStore {
  readonly #files = new Map<string, StoredFile>();

  /** Stores a file and returns it with a fresh id. */
  add(fields: { filename: string; purpose: string; text: string; now: number }): StoredFile {
    const file: StoredFile = {
      id: fileId(fields.purpose),
      filename: fields.filename,
      purpose: fields.purpose,
      bytes: new TextEncoder().encode(fields.text).byteLength,
      created_at: fields.now,
      text: fields.text,
    };
    this.#files.set(file.id, file);
    return file;
  }

  /** The file with this id, if stored. */
  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }

  /** Removes a file; false when there was none. */
  delete(id: string): boolean {
    return this.#files.delete(id);
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
