import type { Protocol } from '../models/model-info.js';
import type { EmulatorFaultOptions, EndpointKind } from './emulator-options.js';
import { FAULT_KINDS, type FaultKind } from './fault-kind.js';
import { createSeededRandom } from './seeded-random.js';

const DEFAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((kind) => kind !== 'ok' && kind !== 'stall' && kind !== 'stall-mid-body');

/** What the injector needs to know about a request to decide whether it is eligible. */
export interface FaultTarget {
  endpoint: EndpointKind;
  protocol: Protocol;
  model: string;
}

/** A fault schedule: {@link createFaultInjector}. */
export interface FaultInjector {
  /** The fault for the next eligible request (`ok` when none); ineligible requests draw nothing. */
  next(target: FaultTarget): FaultKind;
  /** The seed the schedule was built from. */
  readonly seed: number;
}

/**
 * Builds the seeded fault schedule described by {@link EmulatorFaultOptions}: the scripted
 * `sequence` first (one entry per eligible request), then a draw per request with probability `rate`
 * among the weighted `kinds`. The same seed and the same order of eligible requests always give the
 * same faults.
 *
 * @throws RangeError for an unknown fault name, a rate outside [0, 1] or a negative weight.
 */
export function createFaultInjector(options: EmulatorFaultOptions, seed: number): FaultInjector {
  for (const kind of [...(options.sequence ?? []), ...Object.keys(options.kinds ?? {})]) {
    if (!FAULT_KINDS.includes(kind as FaultKind)) throw new RangeError(`unknown fault kind "${kind}"; known: ${FAULT_KINDS.join(', ')}`);
  }
  const rate = options.rate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults.rate must be within [0, 1], got ${rate}`);
  const weighted = options.kinds
    ? (Object.entries(options.kinds) as [FaultKind, number][]).filter(([, weight]) => {
        if (!(weight >= 0)) throw new RangeError(`fault weights must be >= 0, got ${weight}`);
        return weight > 0;
      })
    : DEFAULT_KINDS.map((kind): [FaultKind, number] => [kind, 1]);
  const totalWeight = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  const random = createSeededRandom(options.seed ?? seed);
  const sequence = options.sequence ?? [];
  let position = 0;

  function eligible(target: FaultTarget): boolean {
    const endpoints = options.endpoints ?? ['chat', 'embeddings', 'rerank', 'tokenizer', 'files', 'batches', 'tasks'];
    if (!endpoints.includes(target.endpoint)) return false;
    if (options.protocols && !options.protocols.includes(target.protocol)) return false;
    return !options.models || options.models.includes(target.model);
  }

  return {
    seed: options.seed ?? seed,
    next(target) {
      if (!eligible(target)) return 'ok';
      if (position < sequence.length) {
        const kind = sequence[position++] as FaultKind;
        if (options.loop && position === sequence.length) position = 0;
        return kind;
      }
      if (rate === 0 || totalWeight === 0 || random() >= rate) return 'ok';
      let pick = random() * totalWeight;
      for (const [kind, weight] of weighted) {
        pick -= weight;
        if (pick < 0) return kind;
      }
      return (weighted[weighted.length - 1] as [FaultKind, number])[0];
    },
  };
}
