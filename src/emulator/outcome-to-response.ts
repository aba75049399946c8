import type { Outcome } from './response-plan.js';
import { sleep } from './sleep.js';

function socketError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Carries out an {@link Outcome} without a socket, as `fetch` would report it: a reset or an empty
 * response before headers rejects with `TypeError('fetch failed')` whose `cause.code` is `ECONNRESET`
 * or `UND_ERR_SOCKET` (as undici does); a reset mid-body errors the body stream with
 * `TypeError('terminated')` after the bytes sent so far; pauses are timers that stop when the body is
 * cancelled or `signal` aborts (then the stream errors with the abort reason).
 *
 * @throws TypeError for resets and empty responses before headers.
 */
export function outcomeToResponse(outcome: Outcome, signal?: AbortSignal): Response {
  if (outcome.kind === 'reset-before-headers') throw new TypeError('fetch failed', { cause: socketError('read ECONNRESET', 'ECONNRESET') });
  if (outcome.kind === 'empty-response') throw new TypeError('fetch failed', { cause: socketError('other side closed', 'UND_ERR_SOCKET') });
  const { plan } = outcome;
  const init = { status: plan.status, headers: plan.headers };
  const [only] = plan.steps;
  if (plan.ending === 'end' && plan.steps.length === 1 && typeof only === 'string') return new Response(only, init);
  const encoder = new TextEncoder();
  const cancelled = new AbortController();
  const stop = signal ? AbortSignal.any([signal, cancelled.signal]) : cancelled.signal;
  let position = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (position < plan.steps.length) {
          const step = plan.steps[position++] as string | number;
          if (typeof step === 'number') {
            await sleep(step, stop);
            continue;
          }
          controller.enqueue(encoder.encode(step));
          return;
        }
        if (plan.ending === 'reset') controller.error(new TypeError('terminated', { cause: socketError('read ECONNRESET', 'ECONNRESET') }));
        else controller.close();
      } catch (error) {
        if (!cancelled.signal.aborted) controller.error(error);
      }
    },
    cancel(reason) {
      cancelled.abort(reason);
    },
  });
  return new Response(body, init);
}
