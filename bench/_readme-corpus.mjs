// Bench helper: writes a corpus of `count` Markdown files built from the READMEs and other .md files found in
// node_modules folders (this repo's and npm's global one), distinct by content, sorted by path. When there are
// fewer files than `count`, the longest file is cut in two at the heading (else blank line) nearest its middle,
// the document's title kept on top of the second half, until there are enough. Deterministic for a given set of installed packages.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function* markdownFiles(folder, depth = 0) {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((left, right) => left.name.localeCompare(right.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && depth < 12) yield* markdownFiles(path, depth + 1);
    else if (entry.isFile() && /\.md$/i.test(entry.name)) yield path;
  }
}

function roots(repo) {
  const found = [join(repo, 'node_modules')];
  try {
    found.push(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim());
  } catch {
    // no global npm: this repo's node_modules only
  }
  return found.filter((root) => {
    try {
      return statSync(root).isDirectory();
    } catch {
      return false;
    }
  });
}

/** Cuts `text` in two at the heading (else blank line) nearest its middle; `undefined` when there is none. */
function splitNearMiddle(text) {
  const middle = text.length / 2;
  for (const boundary of [/\n(?=#{1,4} )/g, /\n\n(?=\S)/g]) {
    let best;
    for (const match of text.matchAll(boundary)) {
      if (match.index > 0 && (best === undefined || Math.abs(match.index - middle) < Math.abs(best - middle))) best = match.index;
    }
    if (best !== undefined && best > text.length * 0.1 && best < text.length * 0.9) return [text.slice(0, best), text.slice(best + 1)];
  }
  return undefined;
}

/** Writes the corpus under `folder` and returns { files, bytes, sources }. */
export function writeReadmeCorpus(repo, folder, count) {
  const seen = new Set();
  const docs = [];
  for (const root of roots(repo)) {
    for (const path of markdownFiles(root)) {
      const text = readFileSync(path, 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      if (text.trim() === '' || text.includes('\u0000') || seen.has(hash)) continue;
      seen.add(hash);
      docs.push({ name: path.slice(root.length + 1).replace(/[\\/]/g, '__'), text });
    }
  }
  const sources = docs.length;
  const whole = new Set();
  while (docs.length < count) {
    docs.sort((left, right) => right.text.length - left.text.length || left.name.localeCompare(right.name));
    const at = docs.findIndex((doc) => !whole.has(doc));
    if (at === -1) break;
    const doc = docs[at];
    const half = splitNearMiddle(doc.text);
    if (!half) {
      whole.add(doc);
      continue;
    }
    const title = doc.text.split('\n').find((line) => line.startsWith('# ')) ?? `# ${doc.name}`;
    const base = doc.name.replace(/\.md$/i, '');
    docs.splice(at, 1, { name: `${base}.a.md`, text: half[0] }, { name: `${base}.b.md`, text: `${title}\n\n${half[1]}` });
  }
  mkdirSync(folder, { recursive: true });
  let bytes = 0;
  for (const doc of docs.slice(0, count)) {
    writeFileSync(join(folder, doc.name), doc.text);
    bytes += Buffer.byteLength(doc.text);
  }
  return { files: Math.min(count, docs.length), bytes, sources };
}
