import { APIUserAbortError } from './errors.js';

/**
 * Sleeps `ms` milliseconds, rejecting with {@link APIUserAbortError} as soon as `signal` aborts.
 * The timer and the listener are always removed, so nothing outlives the call.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new APIUserAbortError(undefined, { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why an attempt was aborted: the caller, the per-attempt timeout, the stream idle timer or the stream deadline. */
export type AbortReason = 'user' | 'timeout' | 'idle' | 'deadline';

/**
 * An AbortController for one attempt, linked to the caller's signal, with a restartable timer (per-attempt
 * timeout, then the stream idle timer) and a separate fixed deadline (the stream's overall deadline).
 * `dispose()` clears both timers and unlinks the listener; call it in `finally`.
 */
export class AttemptController {
  readonly controller = new AbortController();
  /** Why the attempt's signal fired: the caller's abort, the deadline, or not at all. */
  reason: AbortReason | undefined;
  /** The overall deadline given to {@link armDeadline}, ms (0 when none). */
  deadlineMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  readonly #userSignal: AbortSignal | undefined;
  readonly #onUserAbort = () => this.#abort('user');

  constructor(userSignal: AbortSignal | undefined) {
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.#abort('user');
    else userSignal?.addEventListener('abort', this.#onUserAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)arms the deadline: after `ms` without another call, the attempt aborts with `reason`. */
  arm(ms: number, reason: 'timeout' | 'idle'): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (ms > 0 && Number.isFinite(ms)) this.#timer = setTimeout(() => this.#abort(reason), ms);
  }

  /**
   * Aborts the attempt with reason `deadline` after `ms`, whatever else happens; not reset by {@link arm}.
   * `deadlineMs` is the whole deadline the caller set (kept for the error message). The timer does not
   * keep a Node process alive on its own.
   */
  armDeadline(ms: number, deadlineMs: number): void {
    this.deadlineMs = deadlineMs;
    if (this.#deadline !== undefined) clearTimeout(this.#deadline);
    if (!(ms < Number.POSITIVE_INFINITY)) return;
    const timer = setTimeout(() => this.#abort('deadline'), Math.max(0, ms));
    (timer as { unref?: () => void }).unref?.();
    this.#deadline = timer;
  }

  /** Stops the restartable timer without aborting (the deadline keeps running). */
  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Aborts the attempt (e.g. when the consumer stops reading a stream). */
  cancel(): void {
    this.#abort(this.reason ?? 'user');
  }

  dispose(): void {
    this.disarm();
    if (this.#deadline !== undefined) clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.#userSignal?.removeEventListener('abort', this.#onUserAbort);
  }

  #abort(reason: AbortReason): void {
    if (this.controller.signal.aborted) return;
    this.reason = reason;
    this.disarm();
    this.controller.abort(this.#userSignal?.aborted ? this.#userSignal.reason : new Error(reason));
  }
}
