// Bench helper: the library's stores as factories for bench/vector-stores.mjs (`--store name=bench/_rag-stores.mjs#<factory>`).
// createEmbeddedStore: the embedded default (LmdbVectorStore in the contender's folder). createPgvectorStore: the PostgreSQL +
// pgvector store over the wire, against PGlite with pgvector served by pglite-socket on 127.0.0.1 (Debian 12 has no pgvector
// package and there is no other PostgreSQL server here); the server runs in the contender's process and stops on close().
import { openLmdbVectorStore, openVectorStore } from '../dist/rag/index.js';

export async function createEmbeddedStore({ folder }) {
  return openLmdbVectorStore(folder);
}

export async function createPgvectorStore() {
  const [{ PGlite }, { vector }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-pgvector'),
    import('@electric-sql/pglite-socket'),
  ]);
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  const port = server.getServerConn().split(':').at(-1);
  const store = await openVectorStore(`postgres://postgres:bench@127.0.0.1:${port}/postgres`);
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await server.stop();
    await db.close();
  };
  return store;
}
