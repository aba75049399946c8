import { checkRequestSize } from '../core/check-request-size.js';
import { getModelInfo } from '../models/catalog.js';
import { REGIONS } from '../models/regions.js';
import type { Protocol } from '../models/model-info.js';
import { answerPlan, INTERNAL_ERROR_MESSAGE } from './answer-plan.js';
import type { EndpointKind } from './emulator-options.js';
import type { EmulatorState } from './emulator-state.js';
import { errorPlan } from './error-plan.js';
import type { FaultKind } from './fault-kind.js';
import { sampleLatency } from './latency-sampler.js';
import { wantsNativeStream } from './native-chat-call.js';
import type { CallInput, ParsedCall } from './parsed-call.js';
import type { Outcome, ResponsePlan } from './response-plan.js';
import { sleep } from './sleep.js';
import type { RequestLogEntry } from './stats-recorder.js';
import { invalidParameter, modelNotExist, WireError } from './wire-error.js';

/** An endpoint handler: validates a request and says how to answer it. */
export type CallHandler = (input: CallInput) => Promise<ParsedCall>;

/**
 * What the gateway sends for a body over its size caps (status documented; the nginx-style page is
 * an assumption, no recording was seen).
 */
const TOO_LARGE_BODY = '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n</body>\r\n</html>\r\n';

function oversize(text: string): boolean {
  try {
    checkRequestSize(text);
    return false;
  } catch {
    return true;
  }
}

const GATEWAY_BODIES: Partial<Record<FaultKind, [number, string]>> = {
  '502': [502, 'upstream connect error or disconnect/reset before headers. reset reason: connection failure'],
  '504': [504, 'upstream request timeout'],
};

function faultError(fault: FaultKind): WireError | undefined {
  switch (fault) {
    case '429':
      return new WireError(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.', { retryAfterMs: 1_000 });
    case '429-allocation':
      return new WireError(429, 'Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.', { retryAfterMs: 1_000 });
    case '500':
      return new WireError(500, 'InternalError', INTERNAL_ERROR_MESSAGE);
    case '503':
      return new WireError(503, 'ModelServingError', 'Too many requests. Your requests are being throttled due to system capacity limits. Please try again later.');
    default:
      return undefined;
  }
}

/** What DashScope answers for Batch API calls over their limits (https://docs.qwencloud.com/developer-guides/text-generation/batch). */
const BATCH_THROTTLE_MESSAGE = 'Batch requests are being throttled due to system capacity limits';

function throttleError(code: 'Throttling.RateQuota' | 'Throttling.AllocationQuota', retryAfterMs: number, limitKey: string | undefined): WireError {
  if (limitKey?.startsWith('batches.')) {
    return new WireError(429, 'Throttling.AllocationQuota', BATCH_THROTTLE_MESSAGE, {
      retryAfterMs,
      compatible: { type: 'Throttling.AllocationQuota', code: 'Throttling.AllocationQuota', message: BATCH_THROTTLE_MESSAGE },
    });
  }
  return code === 'Throttling.RateQuota'
    ? new WireError(429, code, 'Requests rate limit exceeded, please try again later.', { retryAfterMs })
    : new WireError(429, code, 'Allocated quota exceeded, please increase your quota limit.', { retryAfterMs });
}

/** The API key of a request (`Authorization: Bearer …` or `X-DashScope-ApiKey`), if any. */
function apiKeyOf(headers: Headers): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  return bearer || headers.get('x-dashscope-apikey')?.trim() || undefined;
}

/** The region named by a `/{region}/…` path prefix, if any. */
export function regionOfPath(path: string): string | undefined {
  const first = path.split('/')[1] ?? '';
  return (REGIONS as readonly string[]).includes(first) ? first : undefined;
}

/**
 * Runs one API call through the emulator's pipeline and returns what to send:
 *
 * 1. latency (`fixedMs` + seeded jitter) before anything else;
 * 2. auth: a missing or unaccepted key → 401 `InvalidApiKey` "Invalid API-key provided." (compatible:
 *    `invalid_api_key`), always as a plain HTTP error;
 * 3. a POST body over the gateway's size caps (16 MiB, one base64 item 20 MiB, 64 MiB with base64; see
 *    `checkRequestSize`) gets HTTP 413; it must be JSON (else 400 "Required body invalid, please check the
 *    request body format."); `multipart/form-data` bodies are parsed as form data (file uploads), and
 *    files/batches calls may have no body;
 * 4. the endpoint handler validates it (400s), and a `/{region}/` prefix must name a region where the
 *    catalog offers the model ("Model not exist.");
 * 5. the rate limiter admits it or answers 429 (`Throttling.RateQuota` / `Throttling.AllocationQuota`);
 *    calls without a model count against their `limitKey` bucket (Batch API calls: 429
 *    `Throttling.AllocationQuota` "Batch requests are being throttled due to system capacity limits");
 * 6. the fault injector may replace the answer; faulted calls have consumed quota like real ones;
 * 7. the answer is produced and planned, with any body-level fault.
 *
 * Errors of native streaming calls are `event:error` events inside HTTP 200. Every call is recorded
 * in the stats and the request log, including calls whose client gave up during latency (`aborted`)
 * or a stall (`faulted`); the abort reason is then rethrown.
 */
export async function runCall(
  state: EmulatorState,
  request: Request,
  endpoint: EndpointKind,
  protocol: Protocol,
  handler: CallHandler,
  signal: AbortSignal | undefined,
  params: Record<string, string> = {},
): Promise<Outcome> {
  const now = state.clock();
  const path = new URL(request.url).pathname;
  const requestId = crypto.randomUUID();
  const nativeStream = protocol === 'native' && endpoint === 'chat' && wantsNativeStream(request.headers);
  const entry: RequestLogEntry = {
    seq: state.stats.nextSeq(),
    at: now,
    method: request.method,
    path,
    endpoint,
    protocol,
    model: undefined,
    region: regionOfPath(path),
    workspace: request.headers.get('x-dashscope-workspace') ?? undefined,
    stream: nativeStream,
    status: 0,
    outcome: 'accepted',
    code: undefined,
    fault: undefined,
    inputTokens: 0,
    outputTokens: 0,
    items: 0,
    requestId,
  };
  const finish = (outcome: Outcome, fields: Partial<RequestLogEntry>): Outcome => {
    const status = outcome.kind === 'respond' ? outcome.plan.status : 0;
    state.stats.record({ ...entry, status, ...fields });
    return outcome;
  };
  const fail = (error: WireError, outcome: RequestLogEntry['outcome'], fields: Partial<RequestLogEntry> = {}): Outcome =>
    finish(
      {
        kind: 'respond',
        plan: errorPlan(error, { protocol, endpoint, requestId, nativeStream: nativeStream && outcome !== 'unauthorized', retryHints: state.options.retryAfter ?? false }),
      },
      { outcome, code: error.code, ...fields },
    );

  const wait = async (ms: number, fields: Partial<RequestLogEntry>): Promise<void> => {
    try {
      await sleep(ms, signal);
    } catch (error) {
      state.stats.record({ ...entry, ...fields, status: 0 });
      throw error;
    }
  };
  await wait(sampleLatency(state.options.latency, state.latencyRandom), { outcome: 'aborted' });
  const key = apiKeyOf(request.headers);
  const accepted = state.options.apiKeys;
  if (!key || (accepted && !accepted.includes(key))) {
    return fail(new WireError(401, 'InvalidApiKey', 'Invalid API-key provided.'), 'unauthorized');
  }
  let body: unknown;
  let form: FormData | undefined;
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    try {
      form = await request.formData();
    } catch {
      return fail(invalidParameter('Required body invalid, please check the request body format.'), 'rejected');
    }
  } else if (request.method !== 'GET' && request.method !== 'DELETE') {
    const text = await request.text();
    if (oversize(text)) {
      const plan: ResponsePlan = { status: 413, headers: { 'content-type': 'text/html' }, steps: [TOO_LARGE_BODY], ending: 'end' };
      return finish({ kind: 'respond', plan }, { outcome: 'rejected', code: '413' });
    }
    try {
      body = text === '' && (endpoint === 'files' || endpoint === 'batches' || endpoint === 'tasks') ? undefined : JSON.parse(text);
    } catch {
      return fail(invalidParameter('Required body invalid, please check the request body format.'), 'rejected');
    }
  }
  const named = (body as { model?: unknown } | null)?.model;
  if (typeof named === 'string') entry.model = named;
  let call: ParsedCall;
  try {
    call = await handler({ body, headers: request.headers, requestId, now, region: entry.region, embeddingOverLimit: state.options.embeddingOverLimit ?? 'error', contextCache: state.contextCache, params, query: new URL(request.url).searchParams, form, origin: new URL(request.url).origin });
    if (entry.region && call.model !== '' && !getModelInfo(call.model)?.regions.includes(entry.region as never)) throw modelNotExist(call.model);
  } catch (error) {
    if (error instanceof WireError) return fail(error, 'rejected');
    throw error;
  }
  Object.assign(entry, { model: call.model || undefined, stream: call.stream, inputTokens: call.inputTokens, items: call.items });
  const bucket = call.model === '' ? call.limitKey : call.model;
  const decision = bucket === undefined ? ({ allowed: true } as const) : state.limiter.admit(bucket, call.inputTokens);
  if (!decision.allowed) return fail(throttleError(decision.code, decision.retryAfterMs, call.limitKey), 'throttled');

  const fault = state.injector.next({ endpoint, protocol, model: call.model });
  const faulted: Partial<RequestLogEntry> = fault === 'ok' ? {} : { outcome: 'faulted', fault };
  const stallMs = state.options.faults?.stallMs ?? 30_000;
  const asError = faultError(fault === 'error-event-mid-stream' && !call.stream ? '500' : fault);
  if (asError) return fail(asError, 'faulted', { fault });
  const gateway = GATEWAY_BODIES[fault];
  if (gateway) {
    const plan: ResponsePlan = { status: gateway[0], headers: { 'content-type': 'text/plain' }, steps: [gateway[1]], ending: 'end' };
    return finish({ kind: 'respond', plan }, { ...faulted, code: String(gateway[0]) });
  }
  if (fault === 'reset-before-headers' || fault === 'empty-response') return finish({ kind: fault }, faulted);
  if (fault === 'stall') await wait(stallMs, faulted);

  const produced = await call.produce();
  state.limiter.addTokens(call.model, produced.outputTokens);
  const plan = answerPlan(produced, fault, { requestId, eventIntervalMs: state.options.latency?.eventIntervalMs ?? 0, stallMs });
  return finish({ kind: 'respond', plan }, { outputTokens: produced.outputTokens, ...faulted });
}
