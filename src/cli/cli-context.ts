import { join, resolve } from 'node:path';
import { DashScope } from '../index.js';
import { createStreamingUploadFetch } from '../production/node/create-streaming-upload-fetch.js';
import type { CliIO } from './cli-io.js';
import type { ErrorContext } from './describe-error.js';
import { UsageError } from './cli-errors.js';
import type { TokenCounter } from '../rag/token-counter.js';
import { terminalColors, type TerminalColors } from './terminal-colors.js';

/** The notice printed once on stderr when no API key is set. */
export const OFFLINE_NOTICE = 'offline: using the built-in emulator with lexical models';

/** Placeholder key the CLI gives the in-process emulator (it accepts any non-empty key); never a real key. */
const OFFLINE_KEY = 'sk-offline-emulator';

/**
 * What every command shares in one CLI run: the I/O, colours for stdout and stderr, and one lazily
 * created client. With `DASHSCOPE_API_KEY` set the client calls DashScope (`DASHSCOPE_REGION`,
 * `DASHSCOPE_BASE_URL`, `DASHSCOPE_WORKSPACE` apply); without it the emulator runs in-process, as the
 * client's `fetch`, and {@link OFFLINE_NOTICE} is printed once. `DASHSCOPE_BASE_URL` without a key is
 * refused rather than ignored: the user asked for a server, so silently answering offline would mislead.
 */
export class CliContext {
  readonly io: CliIO;
  /** Colours for data on stdout. */
  readonly out: TerminalColors;
  /** Colours for progress and errors on stderr. */
  readonly err: TerminalColors;
  #client: Promise<DashScope> | undefined;
  #offline = false;
  #baseURL: string | undefined;
  #region: string | undefined;
  #countTokens: TokenCounter | undefined;

  constructor(io: CliIO) {
    this.io = io;
    this.out = terminalColors(io.stdout, io.env);
    this.err = terminalColors(io.stderr, io.env);
  }

  /** True once the client was created without a key (the built-in emulator answers). */
  get offline(): boolean {
    return this.#offline;
  }

  /**
   * The client of this run, created on first use.
   * @throws InputValidationError for a bad `DASHSCOPE_REGION` or `DASHSCOPE_BASE_URL`; UsageError (exit 2)
   *   when `DASHSCOPE_BASE_URL` is set but `DASHSCOPE_API_KEY` is not.
   */
  client(): Promise<DashScope> {
    this.#client ??= this.#createClient();
    return this.#client;
  }

  async #createClient(): Promise<DashScope> {
    const env = this.io.env;
    const apiKey = env.DASHSCOPE_API_KEY?.trim();
    if (apiKey) {
      const client = new DashScope({ apiKey, region: env.DASHSCOPE_REGION, baseURL: env.DASHSCOPE_BASE_URL, workspace: env.DASHSCOPE_WORKSPACE, fetch: createStreamingUploadFetch() });
      this.#baseURL = client.baseURL;
      this.#region = client.region;
      return client;
    }
    const baseURL = env.DASHSCOPE_BASE_URL?.trim();
    if (baseURL) {
      throw new UsageError(
        `DASHSCOPE_BASE_URL is set (${baseURL}) but DASHSCOPE_API_KEY is not.`,
        "Set DASHSCOPE_API_KEY to a key that server accepts (any non-empty key, e.g. sk-test-local, for 'dashscope-kit emulator'), or unset DASHSCOPE_BASE_URL to run offline on the built-in emulator.",
      );
    }
    const { createEmulator } = await import('../emulator/index.js');
    const emulator = createEmulator();
    this.#offline = true;
    this.io.stderr.write(`${this.err.yellow(OFFLINE_NOTICE)}\n`);
    return new DashScope({
      apiKey: OFFLINE_KEY,
      baseURL: 'http://127.0.0.1',
      maxRetries: 0,
      fetch: (input, init) => emulator.fetch(input, init),
    });
  }

  /**
   * Who computes vectors in this run: `builtin-emulator` offline, else the client's origin. Index
   * records carry it so offline (lexical) vectors never mix with DashScope's.
   */
  async embeddingSource(): Promise<string> {
    const client = await this.client();
    return this.#offline ? 'builtin-emulator' : client.baseURL;
  }

  /** What error hints may name: the host and region called (never the key). */
  errorContext(): ErrorContext {
    return { baseURL: this.#baseURL, region: this.#region, offline: this.#offline };
  }

  /** Counts Qwen tokens for chunk sizing, loading the tokenizer on first use. */
  async countTokens(texts: string[]): Promise<number[]> {
    if (!this.#countTokens) {
      const { countTokensBatch } = await import('../tokenizer/index.js');
      this.#countTokens = (batch) => countTokensBatch(batch);
    }
    return this.#countTokens(texts);
  }

  /** Resolves a user path against the run's working folder. */
  resolvePath(path: string): string {
    return resolve(this.io.cwd, path);
  }

  /** The index folder: `--index <dir>` or `.dashscope-kit/index` in the working folder. */
  indexPath(option: string | undefined): string {
    return option ? this.resolvePath(option) : join(this.io.cwd, '.dashscope-kit', 'index');
  }
}
