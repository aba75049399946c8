import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLmdbVectorStore } from './open-lmdb-vector-store.js';
import { describeVectorStoreContract } from './vector-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'dsk-lmdb-contract-'));
let opened = 0;

describeVectorStoreContract('embedded lmdb store', {
  open: async (fresh) => openLmdbVectorStore(join(root, `store-${fresh ? ++opened : opened}`)),
  dispose: async () => rmSync(root, { recursive: true, force: true }),
});
