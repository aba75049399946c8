import { vectorSetId, type VectorSet } from '../vector-set.js';
import type { SqlDatabase, SqlQueryable } from './sql-database.js';
import type { IndexedFile, IndexMeta, LocatedChunk, SparseVector, StoredChunk, StoredVector, VectorHit, VectorStore } from './vector-store.js';

/** Dimension declared for sparse vectors: pgvector's `sparsevec` limit (1e9), far above any vocabulary index. */
export const SPARSE_DIMENSION = 1_000_000_000;
/** pgvector's HNSW index covers `vector` columns up to this dimension; wider sets are searched exactly. */
export const HNSW_MAX_DIMENSION = 2000;
/** Rows per multi-row `INSERT` (one statement each, inside the batch's transaction). */
const ROWS_PER_STATEMENT = 500;

/** How the SQL store serialises vectors: `pgvector`'s `toSql` and `SparseVector` (loaded lazily by the opener). */
export interface PgvectorCodec {
  toSql(vector: number[]): string;
  SparseVector: new (value: Record<number, number>, dimensions: number) => { toPostgres(): string };
}

/** Options of {@link PostgresVectorStore.open}. */
export interface PostgresVectorStoreOptions {
  /** For messages: the connection URL without its password, or e.g. `pglite:<folder>`. */
  location: string;
  /** Prefix of every table name (letters, digits, `_`). Default `dsk`: tables `dsk_meta`, `dsk_files`, `dsk_chunks`, `dsk_sets`, `dsk_v_<set id>`. */
  tablePrefix?: string | undefined;
  /** pgvector's codec (the `pgvector` package). */
  pgvector: PgvectorCodec;
}

interface SetRow {
  id: string;
  source: string;
  model: string;
  dimension: number;
  sparse: boolean;
}

/**
 * {@link VectorStore} on PostgreSQL with the pgvector extension (0.7+ for `sparsevec`), written for a real
 * server and used unchanged on PGlite in-process. Tables: `<p>_meta` (key → jsonb), `<p>_files` (path, hash,
 * chunks jsonb), `<p>_chunks` (chunk key, path, ordinal: where each text appears), `<p>_sets` (one row per
 * {@link VectorSet}) and per set `<p>_v_<set id>` (key, `dense vector(dimension)`, `sparse sparsevec`) with an
 * HNSW index on `dense` (`vector_cosine_ops`; none above {@link HNSW_MAX_DIMENSION} dimensions, searched
 * exactly). Dense search is `ORDER BY dense <=> $q` through HNSW (approximate, `hnsw.ef_search` raised to
 * 2·k); sparse search is an exact scan by inner product (`<#>`): pgvector's sparse HNSW refuses vectors of more
 * than 1,000 entries, which a long chunk can have. Every write is one transaction.
 *
 * @see https://github.com/pgvector/pgvector
 */
export class PostgresVectorStore implements VectorStore {
  readonly location: string;
  readonly #db: SqlDatabase;
  readonly #p: string;
  readonly #pgvector: PgvectorCodec;
  readonly #sets = new Map<string, SetRow>();
  readonly #creating = new Map<string, Promise<void>>();

  private constructor(db: SqlDatabase, options: PostgresVectorStoreOptions) {
    this.#db = db;
    this.location = options.location;
    this.#p = options.tablePrefix ?? 'dsk';
    this.#pgvector = options.pgvector;
  }

  /**
   * Creates the extension and the tables when missing and reads the known sets. With `rebuild`, every table
   * of the prefix is dropped first.
   * @throws RangeError for a table prefix that is not `[A-Za-z_][A-Za-z0-9_]*`; the database's errors
   *   (e.g. `extension "vector" is not available`).
   */
  static async open(db: SqlDatabase, options: PostgresVectorStoreOptions & { rebuild?: boolean | undefined }): Promise<PostgresVectorStore> {
    if (options.tablePrefix !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,30}$/.test(options.tablePrefix)) throw new RangeError(`Table prefix ${JSON.stringify(options.tablePrefix)} is not [A-Za-z_][A-Za-z0-9_]*.`);
    const store = new PostgresVectorStore(db, options);
    const p = store.#p;
    await db.query('CREATE EXTENSION IF NOT EXISTS vector');
    if (options.rebuild) await store.#dropAll();
    await db.transaction(async (tx) => {
      await tx.query(`CREATE TABLE IF NOT EXISTS ${p}_meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${p}_files (file text COLLATE "C" PRIMARY KEY, hash text NOT NULL, chunks jsonb NOT NULL)`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${p}_chunks (key text NOT NULL, file text COLLATE "C" NOT NULL, ordinal integer NOT NULL, PRIMARY KEY (key, file))`);
      await tx.query(`CREATE INDEX IF NOT EXISTS ${p}_chunks_file ON ${p}_chunks (file)`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${p}_sets (id text PRIMARY KEY, source text NOT NULL, model text NOT NULL, dimension integer NOT NULL, sparse boolean NOT NULL DEFAULT false)`);
    });
    await store.#loadSets();
    return store;
  }

  async #dropAll(): Promise<void> {
    const p = this.#p;
    const exists = await this.#db.query<{ name: string | null }>(`SELECT to_regclass('${p}_sets')::text AS name`);
    await this.#db.transaction(async (tx) => {
      if (exists.rows[0]?.name) {
        const sets = await tx.query<{ id: string }>(`SELECT id FROM ${p}_sets`);
        for (const { id } of sets.rows) await tx.query(`DROP TABLE IF EXISTS ${p}_v_${id}`);
      }
      for (const name of ['meta', 'files', 'chunks', 'sets']) await tx.query(`DROP TABLE IF EXISTS ${p}_${name}`);
    });
  }

  async #loadSets(): Promise<void> {
    const rows = await this.#db.query<SetRow>(`SELECT id, source, model, dimension, sparse FROM ${this.#p}_sets ORDER BY id`);
    for (const row of rows.rows) this.#sets.set(row.id, row);
  }

  #table(id: string): string {
    return `${this.#p}_v_${id}`;
  }

  async getMeta(): Promise<IndexMeta | undefined> {
    const { rows } = await this.#db.query<{ value: IndexMeta }>(`SELECT value FROM ${this.#p}_meta WHERE key = 'meta'`);
    return rows[0]?.value;
  }

  async setMeta(meta: IndexMeta): Promise<void> {
    await this.#db.query(`INSERT INTO ${this.#p}_meta (key, value) VALUES ('meta', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [JSON.stringify(meta)]);
  }

  async listFiles(): Promise<IndexedFile[]> {
    const { rows } = await this.#db.query<IndexedFile>(`SELECT file, hash, chunks FROM ${this.#p}_files ORDER BY file`);
    return rows;
  }

  async getFile(file: string): Promise<IndexedFile | undefined> {
    const { rows } = await this.#db.query<IndexedFile>(`SELECT file, hash, chunks FROM ${this.#p}_files WHERE file = $1`, [file]);
    return rows[0];
  }

  async putFiles(records: readonly IndexedFile[]): Promise<void> {
    if (records.length === 0) return;
    const p = this.#p;
    await this.#db.transaction(async (tx) => {
      const files = records.map((record) => record.file);
      await tx.query(`DELETE FROM ${p}_chunks WHERE file = ANY($1::text[])`, [files]);
      for (const record of records) {
        await tx.query(`INSERT INTO ${p}_files (file, hash, chunks) VALUES ($1, $2, $3::jsonb) ON CONFLICT (file) DO UPDATE SET hash = EXCLUDED.hash, chunks = EXCLUDED.chunks`, [
          record.file,
          record.hash,
          JSON.stringify(record.chunks),
        ]);
      }
      const located = new Map<string, { key: string; file: string; ordinal: number }>();
      for (const record of records) {
        for (const [position, chunk] of record.chunks.entries()) {
          const id = `${chunk.key}:${record.file}`;
          if (!located.has(id)) located.set(id, { key: chunk.key, file: record.file, ordinal: position });
        }
      }
      const rows = [...located.values()];
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
        await tx.query(`INSERT INTO ${p}_chunks (key, file, ordinal) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`, [
          slice.map((row) => row.key),
          slice.map((row) => row.file),
          slice.map((row) => row.ordinal),
        ]);
      }
    });
  }

  async removeFiles(files: readonly string[]): Promise<void> {
    if (files.length === 0) return;
    await this.#db.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${this.#p}_chunks WHERE file = ANY($1::text[])`, [[...files]]);
      await tx.query(`DELETE FROM ${this.#p}_files WHERE file = ANY($1::text[])`, [[...files]]);
    });
  }

  async listSets(): Promise<VectorSet[]> {
    return [...this.#sets.values()].map(({ source, model, dimension }) => ({ source, model, dimension }));
  }

  async hasVectors(set: VectorSet, keys: readonly string[]): Promise<Set<string>> {
    const id = vectorSetId(set);
    if (!this.#sets.has(id) || keys.length === 0) return new Set();
    const { rows } = await this.#db.query<{ key: string }>(`SELECT key FROM ${this.#table(id)} WHERE key = ANY($1::text[])`, [[...keys]]);
    return new Set(rows.map((row) => row.key));
  }

  /** Creates the set's table and HNSW index once (outside the batches' transactions, so concurrent batches never race on DDL). */
  async #ensureSet(set: VectorSet, id: string): Promise<void> {
    if (this.#sets.has(id)) return;
    let creating = this.#creating.get(id);
    if (!creating) {
      creating = this.#db
        .transaction(async (tx) => {
          const table = this.#table(id);
          await tx.query(`CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, dense vector(${set.dimension}) NOT NULL, sparse sparsevec(${SPARSE_DIMENSION}))`);
          if (set.dimension <= HNSW_MAX_DIMENSION) await tx.query(`CREATE INDEX IF NOT EXISTS ${table}_hnsw ON ${table} USING hnsw (dense vector_cosine_ops)`);
          await tx.query(`INSERT INTO ${this.#p}_sets (id, source, model, dimension) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [id, set.source, set.model, set.dimension]);
        })
        .then(() => void this.#sets.set(id, { id, ...set, sparse: false }))
        .finally(() => this.#creating.delete(id));
      this.#creating.set(id, creating);
    }
    await creating;
  }

  async putVectors(set: VectorSet, vectors: readonly StoredVector[]): Promise<void> {
    for (const vector of vectors) {
      if (vector.dense.length !== set.dimension) throw new RangeError(`The vector of ${vector.key} has ${vector.dense.length} dimensions, the set ${set.dimension}.`);
    }
    if (vectors.length === 0) return;
    const id = vectorSetId(set);
    await this.#ensureSet(set, id);
    const sparse = vectors.some((vector) => vector.sparse !== undefined);
    const table = this.#table(id);
    await this.#db.transaction(async (tx) => {
      for (let start = 0; start < vectors.length; start += ROWS_PER_STATEMENT) {
        const slice = vectors.slice(start, start + ROWS_PER_STATEMENT);
        await tx.query(
          `INSERT INTO ${table} (key, dense, sparse) SELECT k, d::vector, s::sparsevec FROM unnest($1::text[], $2::text[], $3::text[]) AS t(k, d, s)
           ON CONFLICT (key) DO UPDATE SET dense = EXCLUDED.dense, sparse = EXCLUDED.sparse`,
          [slice.map((vector) => vector.key), slice.map((vector) => this.#pgvector.toSql(Array.from(vector.dense))), slice.map((vector) => (vector.sparse ? this.#sparseSql(vector.sparse) : null))],
        );
      }
      if (sparse && this.#sets.get(id)?.sparse !== true) await tx.query(`UPDATE ${this.#p}_sets SET sparse = true WHERE id = $1`, [id]);
    });
    const row = this.#sets.get(id);
    if (row && sparse) row.sparse = true;
  }

  #sparseSql(vector: SparseVector): string {
    const map: Record<number, number> = {};
    for (const [position, index] of vector.indices.entries()) map[index] = vector.values[position] as number;
    return new this.#pgvector.SparseVector(map, SPARSE_DIMENSION).toPostgres();
  }

  async hasSparse(set: VectorSet): Promise<boolean> {
    return this.#sets.get(vectorSetId(set))?.sparse === true;
  }

  /** Through the HNSW index (approximate), `hnsw.ef_search` = max(40, 2·k) for this query. @throws RangeError when `query` is not of `set.dimension`. */
  async searchDense(set: VectorSet, query: ArrayLike<number>, k: number): Promise<VectorHit[]> {
    if (query.length !== set.dimension) throw new RangeError(`The query has ${query.length} dimensions, the set ${set.dimension}.`);
    const id = vectorSetId(set);
    if (!this.#sets.has(id) || k <= 0) return [];
    const limit = Math.floor(k);
    return this.#db.transaction(async (tx) => {
      await tx.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(40, 2 * limit))}`);
      const { rows } = await tx.query<{ key: string; score: number }>(`SELECT key, 1 - (dense <=> $1::vector) AS score FROM ${this.#table(id)} ORDER BY dense <=> $1::vector LIMIT ${limit}`, [
        this.#pgvector.toSql(Array.from(query)),
      ]);
      return rows.map((row) => ({ key: row.key, score: Number(row.score) }));
    });
  }

  /** Exact scan by inner product; keys sharing no index with `query` (score 0) are left out. */
  async searchSparse(set: VectorSet, query: SparseVector, k: number): Promise<VectorHit[]> {
    const id = vectorSetId(set);
    if (!this.#sets.has(id) || k <= 0 || query.indices.length === 0) return [];
    const { rows } = await this.#db.query<{ key: string; score: number }>(
      `SELECT key, score FROM (SELECT key, (sparse <#> $1::sparsevec) * -1 AS score FROM ${this.#table(id)} WHERE sparse IS NOT NULL) AS scored WHERE score > 0 ORDER BY score DESC, key LIMIT ${Math.floor(k)}`,
      [this.#sparseSql(query)],
    );
    return rows.map((row) => ({ key: row.key, score: Number(row.score) }));
  }

  async locateChunks(keys: readonly string[]): Promise<LocatedChunk[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.#db.query<{ key: string; file: string; chunk: StoredChunk }>(
      `SELECT DISTINCT ON (c.key) c.key, c.file, f.chunks -> c.ordinal AS chunk FROM ${this.#p}_chunks c JOIN ${this.#p}_files f ON f.file = c.file WHERE c.key = ANY($1::text[]) ORDER BY c.key, c.file`,
      [[...keys]],
    );
    const found = new Map(rows.map((row) => [row.key, { ...row.chunk, file: row.file }]));
    return keys.flatMap((key) => {
      const chunk = found.get(key);
      return chunk ? [chunk] : [];
    });
  }

  async sweepVectors(live: ReadonlySet<string>): Promise<number> {
    const keys = [...live];
    let deleted = 0;
    await this.#db.transaction(async (tx) => {
      for (const id of this.#sets.keys()) {
        const { rows } = await tx.query<{ count: number }>(`WITH gone AS (DELETE FROM ${this.#table(id)} WHERE NOT (key = ANY($1::text[])) RETURNING 1) SELECT count(*)::int AS count FROM gone`, [keys]);
        deleted += Number(rows[0]?.count ?? 0);
      }
    });
    return deleted;
  }

  async vectorCount(set?: VectorSet): Promise<number> {
    const ids = set ? [vectorSetId(set)].filter((id) => this.#sets.has(id)) : [...this.#sets.keys()];
    let total = 0;
    for (const id of ids) total += await count(this.#db, this.#table(id));
    return total;
  }

  /** Releases the connections when the store owns them (see `sqlDatabase`); `clean` is ignored (PostgreSQL keeps its own journal). */
  async close(): Promise<void> {
    await this.#db.close();
  }
}

async function count(db: SqlQueryable, table: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
  return Number(rows[0]?.count ?? 0);
}
