import { checkClientOptions } from './core/check-options.js';
import { readEnv } from './core/env.js';
import { InputValidationError } from './core/errors.js';
import type { TransportConfig } from './core/transport.js';
import { resolveRegion, regionOrigin, trialOrigin, type Region } from './models/regions.js';
import { Batches } from './resources/batches/batches.js';
import { Chat } from './resources/chat/chat.js';
import { Embeddings } from './resources/embeddings/embeddings.js';
import { Files } from './resources/files/files.js';
import { Tasks } from './resources/tasks/tasks.js';
import { Models } from './resources/models/models.js';
import { Responses } from './resources/responses/responses.js';
import { MultimodalEmbeddings } from './resources/multimodal-embeddings/multimodal-embeddings.js';
import { Rerank } from './resources/rerank/rerank.js';
import { Tokenization } from './resources/tokenization/tokenization.js';
import { preloadZod } from './wire/preload-zod.js';

/**
 * Options of {@link DashScope}. Every option has an environment fallback where noted.
 * Hosts and regions: https://www.alibabacloud.com/help/en/model-studio/regions
 */
export interface ClientOptions {
  /** API key (`sk-...`). Default: `DASHSCOPE_API_KEY`. Keys are region-bound. Never logged. */
  apiKey?: string | undefined;
  /**
   * Region id or alias (`'singapore'`, `'intl'`, `'beijing'`, `'us'`, `'hk'`, `'frankfurt'`, `'tokyo'`).
   * Default: `DASHSCOPE_REGION`, else `cn-beijing`. Frankfurt and Tokyo have no shared host: pass
   * `{ workspace, workspaceHost: true }` (or `trialHost` for Frankfurt).
   */
  region?: Region | (string & {}) | undefined;
  /**
   * Origin to call instead of the region's host, e.g. `http://127.0.0.1:8787` for the emulator. A trailing
   * `/api/v1`, `/compatible-mode/v1` or `/compatible-api/v1` is accepted and stripped. Default: `DASHSCOPE_BASE_URL`.
   */
  baseURL?: string | undefined;
  /** Workspace id sent as `X-DashScope-WorkSpace` (bills calls to that workspace). Default: `DASHSCOPE_WORKSPACE`. */
  workspace?: string | undefined;
  /** Use the workspace-dedicated host `https://{workspace}.{region}.maas.aliyuncs.com` (needs `workspace`). */
  workspaceHost?: boolean | undefined;
  /**
   * Use the region's trial host `https://trial.{region}.maas.aliyuncs.com` (lower rate limits, for testing;
   * Tokyo has none). Not with `workspaceHost` or `baseURL`. Default false.
   */
  trialHost?: boolean | undefined;
  /** Per-attempt timeout in ms (headers and non-streaming body). Default 120 000. */
  timeout?: number | undefined;
  /**
   * Streams: ms without an event before `StreamIdleTimeoutError`, counted from the response headers
   * (`: keep-alive` comments do not count). Default 60 000.
   */
  streamIdleTimeout?: number | undefined;
  /**
   * Streams: overall deadline of a streaming call in ms, from its first attempt, before
   * `StreamTimeoutError`. Default 1 800 000 (30 min: the longest `x-dashscope-timeout` DashScope's
   * gateway announces is 1800 s; see https://www.alibabacloud.com/help/en/model-studio/stream).
   */
  streamTimeout?: number | undefined;
  /**
   * Largest response body the client reads, in bytes (JSON and error bodies); past it reading stops with
   * `ResponseTooLargeError`. Default 16 MiB (DashScope's own cap on a request body is of that order;
   * the largest real response, 10 × 2048-dim float vectors, is well under 1 MiB).
   */
  maxResponseBytes?: number | undefined;
  /** Largest single server-sent event, in bytes; past it the stream stops with `ResponseTooLargeError`. Default 16 MiB. */
  maxEventBytes?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** A custom fetch: the composition point for caches, limiters, logging and the in-process emulator. */
  fetch?: typeof fetch | undefined;
  /** Headers added to every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Opt in to DashScope content inspection: `true` sends `X-DashScope-DataInspection: {"input":"cip","output":"cip"}`, a string sends it verbatim. */
  dataInspection?: boolean | string | undefined;
  /** Default wire protocol for chat, embeddings and rerank. Default `native`. */
  protocol?: 'native' | 'compatible' | undefined;
  /** Allow a plain `http://` base URL to a non-loopback host (the key would travel unencrypted). Default false. */
  allowInsecureHttp?: boolean | undefined;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_STREAM_TIMEOUT_MS = 1_800_000;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_RETRIES = 2;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The DashScope client: `chat`, `embeddings` and `rerank` on the native or OpenAI-compatible protocol,
 * with retries, timeouts, abort and typed errors. Runs on any runtime with `fetch`. Importing the package
 * does not load the response schemas' library (zod); constructing a client starts loading it in the
 * background, and a call waits for it only if it is not loaded yet.
 *
 * @example
 * const client = new DashScope({ region: 'singapore' });
 * const reply = await client.chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'Hello' }] });
 * console.log(reply.choices[0]?.message.content);
 *
 * @throws InputValidationError when no API key is found, the key is not printable ASCII, the region is
 *   unknown, the base URL is unsafe, or an option is out of range (timeouts ≤ 0, `maxRetries` < 0 or not
 *   an integer, an unknown `protocol`…); see `checkClientOptions`.
 */
export class DashScope {
  /** Chat completions. */
  readonly chat: Chat;
  /** Text embeddings. */
  readonly embeddings: Embeddings;
  /** Reranking. */
  readonly rerank: Rerank;
  /** Text, image and video embeddings in one vector space (native protocol only). */
  readonly multimodalEmbeddings: MultimodalEmbeddings;
  /** Remote tokenizer (estimate-only). */
  readonly tokenization: Tokenization;
  /** The live model list, joined to the catalog. */
  readonly models: Models;
  /** The OpenAI-compatible Responses API (`/compatible-mode/v1/responses`). */
  readonly responses: Responses;
  /** The OpenAI-compatible Files API (`/compatible-mode/v1/files`): Batch input and output files. */
  readonly files: Files;
  /** The OpenAI-compatible Batch API (`/compatible-mode/v1/batches`): half-price bulk chat and embeddings. */
  readonly batches: Batches;
  /** The native async task API (`/api/v1/tasks`) and async batch embedding (`text-embedding-async-v1/v2`). */
  readonly tasks: Tasks;
  /** Resolved origin every path is appended to (no trailing slash). */
  readonly baseURL: string;
  /** Resolved region (informational when `baseURL` is set). */
  readonly region: Region;
  /** Default protocol. */
  readonly protocol: 'native' | 'compatible';
  readonly #apiKey: string;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions = {}) {
    this.#options = options;
    const apiKey = options.apiKey ?? readEnv('DASHSCOPE_API_KEY');
    if (!apiKey) {
      throw new InputValidationError(
        'No API key: pass { apiKey } or set DASHSCOPE_API_KEY (create one in the Model Studio console; keys are region-bound).',
        'apiKey',
      );
    }
    const workspace = options.workspace ?? readEnv('DASHSCOPE_WORKSPACE');
    checkClientOptions({ ...options, workspace }, apiKey);
    this.#apiKey = apiKey;
    const regionName = options.region ?? readEnv('DASHSCOPE_REGION') ?? 'cn-beijing';
    const region = resolveRegion(regionName);
    if (!region) throw new InputValidationError(`Unknown region "${regionName}".`, 'region');
    this.region = region;
    this.protocol = options.protocol ?? 'native';
    this.baseURL = resolveBaseURL(options, region, workspace);
    const transport: TransportConfig = {
      origin: this.baseURL,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
      streamIdleTimeout: options.streamIdleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS,
      streamTimeout: options.streamTimeout ?? DEFAULT_STREAM_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_BYTES,
      maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_BYTES,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      headers: () => this.#headers(workspace),
    };
    const protocol = () => this.protocol;
    this.chat = new Chat(transport, protocol);
    this.embeddings = new Embeddings(transport, protocol, region);
    this.rerank = new Rerank(transport, protocol);
    this.multimodalEmbeddings = new MultimodalEmbeddings(transport);
    this.tokenization = new Tokenization(transport);
    this.models = new Models(transport);
    this.responses = new Responses(transport);
    this.files = new Files(transport);
    this.batches = new Batches(transport);
    this.tasks = new Tasks(transport);
    preloadZod();
  }

  /** A new client with the same settings and some options replaced (e.g. `{ maxRetries: 0 }` for adapters). */
  withOptions(options: ClientOptions): DashScope {
    return new DashScope({ ...this.#options, apiKey: this.#apiKey, ...options });
  }

  #headers(workspace: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#apiKey}`, ...this.#options.defaultHeaders };
    if (workspace) headers['x-dashscope-workspace'] = workspace;
    const inspection = this.#options.dataInspection;
    if (inspection === true) headers['x-dashscope-datainspection'] = '{"input":"cip","output":"cip"}';
    else if (typeof inspection === 'string') headers['x-dashscope-datainspection'] = inspection;
    return headers;
  }

  /** Shows settings, never the key. */
  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, region: this.region, protocol: this.protocol, apiKey: '[redacted]' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `DashScope ${JSON.stringify(this.toJSON())}`;
  }
}

function resolveBaseURL(options: ClientOptions, region: Region, workspace: string | undefined): string {
  const explicit = options.baseURL ?? readEnv('DASHSCOPE_BASE_URL');
  if (options.trialHost !== undefined && typeof options.trialHost !== 'boolean') {
    throw new InputValidationError(`trialHost must be a boolean (got ${typeof options.trialHost}).`, 'trialHost', { value: options.trialHost });
  }
  if (options.trialHost && (options.workspaceHost || explicit)) {
    const other = options.workspaceHost ? 'workspaceHost' : 'baseURL';
    throw new InputValidationError(`trialHost cannot be combined with ${other}: pick one host.`, 'trialHost', { value: true });
  }
  let origin: string | undefined;
  if (explicit) origin = explicit;
  else if (options.trialHost) {
    origin = trialOrigin(region);
    if (!origin) throw new InputValidationError(`Region ${region} has no trial host; pass { workspace, workspaceHost: true }.`, 'trialHost', { value: true });
  } else origin = regionOrigin(region, options.workspaceHost ? workspace : undefined);
  if (!origin) {
    throw new InputValidationError(`Region ${region} has no shared host; pass { workspace, workspaceHost: true } or a baseURL.`, 'region');
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new InputValidationError(`Invalid baseURL "${origin}".`, 'baseURL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputValidationError(`baseURL must be http(s): "${origin}".`, 'baseURL');
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !options.allowInsecureHttp) {
    throw new InputValidationError(
      `Refusing plain http:// to ${url.hostname}: the API key would travel unencrypted. Use https, a loopback host, or { allowInsecureHttp: true }.`,
      'baseURL',
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(api\/v1|compatible-mode\/v1|compatible-api\/v1)$/, '');
  return `${url.origin}${path}`;
}
