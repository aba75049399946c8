/** Something that runs one parameterised SQL statement (`$1`, `$2`… placeholders): a `pg` client, a PGlite transaction. */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/** A `pg.Pool` as the store needs it (structural, so `pg` stays an optional dependency). */
export interface PgPoolLike extends SqlQueryable {
  connect(): Promise<SqlQueryable & { release(error?: Error | boolean): void }>;
  end(): Promise<void>;
}

/** A PGlite instance as the store needs it (`@electric-sql/pglite`, in-process PostgreSQL). */
export interface PGliteLike extends SqlQueryable {
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The database under `PostgresVectorStore`: statements, transactions, and release. */
export interface SqlDatabase extends SqlQueryable {
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Releases the connections (ends the pool / closes PGlite) when the store owns them. */
  close(): Promise<void>;
}

/**
 * Wraps a `pg.Pool` or a PGlite instance (both answer `query(text, params)`) as a {@link SqlDatabase}.
 * A pool's transaction takes one client for `BEGIN` … `COMMIT`; PGlite uses its own `transaction()`.
 * With `owned` false, `close()` leaves the pool or instance open for its owner.
 */
export function sqlDatabase(handle: PgPoolLike | PGliteLike, owned: boolean): SqlDatabase {
  if ('transaction' in handle && typeof handle.transaction === 'function') {
    const lite = handle as PGliteLike;
    return {
      query: (text, params) => lite.query(text, params),
      transaction: (work) => lite.transaction(work),
      close: async () => {
        if (owned) await lite.close();
      },
    };
  }
  const pool = handle as PgPoolLike;
  return {
    query: (text, params) => pool.query(text, params),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    close: async () => {
      if (owned) await pool.end();
    },
  };
}
