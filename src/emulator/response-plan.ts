/**
 * A response as a script the transport carries out: status and headers, then body writes (strings)
 * and pauses (numbers, in ms), then a normal end or a connection reset. One plan is executed either
 * by the in-process `fetch` (as a `Response` and its body stream) or by the Node server (on the
 * socket), so faults look the same through both.
 */
export interface ResponsePlan {
  status: number;
  headers: Record<string, string>;
  steps: (string | number)[];
  ending: 'end' | 'reset';
}

/** What the emulator decided for one request: a response plan, or no response at all. */
export type Outcome = { kind: 'respond'; plan: ResponsePlan } | { kind: 'reset-before-headers' } | { kind: 'empty-response' };

/** A plan answering with one JSON document. */
export function jsonPlan(status: number, body: unknown, headers: Record<string, string> = {}): ResponsePlan {
  return { status, headers: { 'content-type': 'application/json', ...headers }, steps: [JSON.stringify(body)], ending: 'end' };
}
