import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';

/** One event of a batch embedding job, appended to its journal as one JSON line. `k` is the part, `a` the attempt. */
export type BatchJournalEvent =
  | { t: 'job'; id: string; params: Record<string, unknown> }
  | { t: 'part'; k: number; first: number; last: number; sent: number }
  | { t: 'planned'; parts: number }
  | { t: 'upload'; k: number; a: number; name: string }
  | { t: 'file'; k: number; a: number; id: string }
  | { t: 'create'; k: number; a: number }
  | { t: 'batch'; k: number; a: number; id: string }
  | { t: 'ended'; k: number; a: number; status: string; output: string | null; error: string | null }
  | { t: 'download'; k: number; a: number; size: number }
  | { t: 'downloaded'; k: number; a: number; missing: number; tokens: number }
  | { t: 'retry'; k: number; a: number; sent: number }
  | { t: 'finished' };

/** What the journal says about one attempt at a part: each step is done once its id or result is recorded. */
export interface BatchAttemptState {
  a: number;
  /** Request lines in this attempt's input file. */
  sent: number;
  uploadName: string | undefined;
  fileId: string | undefined;
  /** A create was sent (its answer may have been lost). */
  creating: boolean;
  batchId: string | undefined;
  ended: { status: string; output: string | null; error: string | null } | undefined;
  /** Size of the part's results file when this attempt's download started. */
  downloadFrom: number | undefined;
  downloaded: { missing: number; tokens: number } | undefined;
}

/** What the journal says about one part: input lines `first`–`last` (1-based) and its attempts. */
export interface BatchPartState {
  k: number;
  first: number;
  last: number;
  attempts: BatchAttemptState[];
}

/** The replayed state of a journal. */
export interface BatchJournalState {
  job: { id: string; params: Record<string, unknown> } | undefined;
  parts: BatchPartState[];
  planned: number | undefined;
  finished: boolean;
}

function attempt(a: number, sent: number): BatchAttemptState {
  return { a, sent, uploadName: undefined, fileId: undefined, creating: false, batchId: undefined, ended: undefined, downloadFrom: undefined, downloaded: undefined };
}

/** Applies one event to the state. */
function apply(state: BatchJournalState, event: BatchJournalEvent): void {
  if (event.t === 'job') state.job = { id: event.id, params: event.params };
  else if (event.t === 'planned') state.planned = event.parts;
  else if (event.t === 'finished') state.finished = true;
  else if (event.t === 'part') state.parts[event.k] = { k: event.k, first: event.first, last: event.last, attempts: [attempt(0, event.sent)] };
  else {
    const part = state.parts[event.k];
    if (!part) return;
    if (event.t === 'retry') {
      part.attempts[event.a] = attempt(event.a, event.sent);
      return;
    }
    const entry = part.attempts[event.a];
    if (!entry) return;
    if (event.t === 'upload') entry.uploadName = event.name;
    else if (event.t === 'file') entry.fileId = event.id;
    else if (event.t === 'create') entry.creating = true;
    else if (event.t === 'batch') entry.batchId = event.id;
    else if (event.t === 'ended') entry.ended = { status: event.status, output: event.output, error: event.error };
    else if (event.t === 'download') entry.downloadFrom = event.size;
    else if (event.t === 'downloaded') entry.downloaded = { missing: event.missing, tokens: event.tokens };
  }
}

/**
 * The journal of a batch embedding job (`<output>.batch-journal`): an append-only JSON Lines file of
 * {@link BatchJournalEvent}s, each written with one synchronous write before the step it announces is
 * taken (`upload`, `create`, `download`) or right after its result arrives (`file`, `batch`, `ended`,
 * `downloaded`), so after a SIGKILL the job knows which file and batch ids exist and which step may have
 * half happened. A torn last line (a kill mid-write) is cut on open. Small: a few lines per batch.
 */
export class BatchEmbedJournal {
  /** The replayed state, kept current by {@link record}. */
  readonly state: BatchJournalState;
  readonly #fd: number;

  private constructor(fd: number, state: BatchJournalState) {
    this.#fd = fd;
    this.state = state;
  }

  /** Opens (or creates) the journal at `path` and replays it. */
  static open(path: string): BatchEmbedJournal {
    const state: BatchJournalState = { job: undefined, parts: [], planned: undefined, finished: false };
    let valid = 0;
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      let start = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
        const line = text.slice(start, newline);
        start = newline + 1;
        let event: BatchJournalEvent;
        try {
          event = JSON.parse(line) as BatchJournalEvent;
        } catch {
          break;
        }
        apply(state, event);
        valid = Buffer.byteLength(text.slice(0, start), 'utf8');
      }
    }
    if (existsSync(path)) truncateSync(path, valid);
    const fd = openSync(path, 'a');
    return new BatchEmbedJournal(fd, state);
  }

  /** Appends an event (one synchronous write) and applies it. */
  record(event: BatchJournalEvent): void {
    const bytes = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written, null);
    apply(this.state, event);
  }

  /** Closes the file (every event is already written). */
  close(): void {
    closeSync(this.#fd);
  }
}
