import { hashTerm } from '../hash-term.js';
import { lexicalRelevance } from '../lexical-relevance.js';

/** What the responder knows when it fills a schema: its answer and the context it may quote. */
export interface SchemaContext {
  /** The plain answer (quoted sentences with citations, or the not-found / offline line). */
  answer: string;
  /** The sentences the answer quotes, in order (may be empty). */
  quotes: readonly string[];
  /** Every quotable context sentence, for properties the answer does not cover. */
  sentences: readonly string[];
  /** Citation numbers of the quotes. */
  citations: readonly number[];
  /** Whether the context held an answer. */
  found: boolean;
}

type Schema = Record<string, unknown>;

/** Nesting depth after which recursive schemas are cut short (optional parts left out, arrays emptied). */
const MAX_DEPTH = 8;
const DEFAULT_ITEMS = 2;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ');
}

/**
 * The number in a sentence that stands next to a word like the property name ("42 engineers" for
 * `engineers`, "age 30" for `age`), else its first number.
 */
function numberNear(sentence: string, name: string): string | undefined {
  const stems = words(name)
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length >= 3)
    .map((word) => word.slice(0, Math.max(3, word.length - 2)));
  const matches = [...sentence.matchAll(/-?\d+(?:\.\d+)?/g)];
  const near = matches.find((match) => {
    const before = sentence.slice(0, match.index).trimEnd().split(/\s+/).pop()?.toLowerCase() ?? '';
    const after = sentence.slice(match.index + match[0].length).trimStart().split(/\s+/)[0]?.toLowerCase() ?? '';
    return stems.some((stem) => before.startsWith(stem) || after.startsWith(stem));
  });
  return (near ?? matches[0])?.[0];
}

function resolve(schema: Schema, root: Schema, seen: number): Schema {
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#') || seen > MAX_DEPTH) return schema;
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    target = isSchema(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isSchema(target) ? resolve({ ...target, ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$ref')) }, root, seen + 1) : schema;
}

function typeOf(schema: Schema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((entry) => entry !== 'null') as string | undefined) ?? 'null';
  if (isSchema(schema['properties'])) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

class Filler {
  readonly #context: SchemaContext;
  readonly #root: Schema;

  constructor(context: SchemaContext, root: Schema) {
    this.#context = context;
    this.#root = root;
  }

  /** The context sentence that shares most words with a property name, else the n-th quote, else the answer. */
  #sentenceFor(name: string, index: number): string {
    const { quotes, sentences, answer } = this.#context;
    if (/^(answer|response|result|summary|reply|text|content|explanation|reason(ing)?)$/i.test(name) && index === 0) return answer;
    let best = '';
    let bestScore = 0;
    if (name !== '') {
      for (const sentence of sentences) {
        const score = lexicalRelevance(words(name), sentence);
        if (score > bestScore) [best, bestScore] = [sentence, score];
      }
    }
    if (bestScore > 0 && index === 0) return best;
    const pool = quotes.length > 0 ? quotes : sentences;
    return pool.length > 0 ? (pool[index % pool.length] ?? answer) : answer;
  }

  #string(schema: Schema, name: string, index: number): string {
    const format = schema['format'];
    const text = this.#sentenceFor(name, index);
    const all = [this.#context.answer, ...this.#context.sentences].join(' ');
    let value: string;
    if (format === 'date' || format === 'date-time') {
      const date = /\b\d{4}-\d{2}-\d{2}\b/.exec(all)?.[0] ?? '2026-01-01';
      value = format === 'date' ? date : `${date}T00:00:00Z`;
    } else if (format === 'email') value = /[\w.+-]+@[\w-]+\.[\w.]+/.exec(all)?.[0] ?? 'user@example.com';
    else if (format === 'uri' || format === 'url') value = /https?:\/\/[^\s"')\]]+/.exec(all)?.[0] ?? 'https://example.com/';
    else if (format === 'uuid') {
      const hex = [0, 1, 2, 3].map((part) => hashTerm(`${part}\u0000${text}`).toString(16).padStart(8, '0')).join('');
      value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    } else value = text;
    const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
    const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
    const characters = [...value];
    if (characters.length > max) value = characters.slice(0, max).join('').trimEnd().padEnd(Math.min(max, min), '.');
    if ([...value].length < min) value = value.padEnd(min + value.length - [...value].length, '.');
    return value;
  }

  #number(schema: Schema, name: string, index: number, integer: boolean): number {
    const digits = numberNear(this.#sentenceFor(name, index), name);
    let value = digits !== undefined ? Number(digits) : (this.#context.citations[index] ?? index);
    const low = typeof schema['minimum'] === 'number' ? schema['minimum'] : -Infinity;
    const high = typeof schema['maximum'] === 'number' ? schema['maximum'] : Infinity;
    const exclusiveLow = typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] : undefined;
    const exclusiveHigh = typeof schema['exclusiveMaximum'] === 'number' ? schema['exclusiveMaximum'] : undefined;
    const step = typeof schema['multipleOf'] === 'number' && schema['multipleOf'] > 0 ? schema['multipleOf'] : integer ? 1 : undefined;
    value = Math.min(Math.max(value, low), high);
    if (exclusiveLow !== undefined && value <= exclusiveLow) value = exclusiveLow + (step ?? 1);
    if (exclusiveHigh !== undefined && value >= exclusiveHigh) value = exclusiveHigh - (step ?? 1);
    if (step !== undefined) {
      value = Math.round(value / step) * step;
      if (value < low || (exclusiveLow !== undefined && value <= exclusiveLow)) value += step;
      if (value > high || (exclusiveHigh !== undefined && value >= exclusiveHigh)) value -= step;
      value = Number(value.toPrecision(12));
    }
    return value;
  }

  #choice(options: readonly unknown[], name: string, index: number): unknown {
    const text = [this.#sentenceFor(name, index), this.#context.answer].join(' ').toLowerCase();
    return options.find((option) => typeof option === 'string' && option !== '' && text.includes(option.toLowerCase())) ?? options[index % options.length];
  }

  fill(raw: Schema, name: string, index: number, depth: number): unknown {
    const schema = resolve(raw, this.#root, 0);
    if ('const' in schema) return schema['const'];
    if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return this.#choice(schema['enum'], name, index);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const branches = schema[key];
      if (Array.isArray(branches) && branches.length > 0) {
        const usable = branches.filter(isSchema);
        const branch = usable.find((entry) => typeOf(resolve(entry, this.#root, 0)) !== 'null') ?? usable[0] ?? {};
        return this.fill({ ...schema, [key]: undefined, ...branch }, name, index, depth);
      }
    }
    if (Array.isArray(schema['allOf'])) {
      const merged = schema['allOf'].filter(isSchema).reduce<Schema>((all, part) => {
        const resolved = resolve(part, this.#root, 0);
        const properties = { ...(isSchema(all['properties']) ? all['properties'] : {}), ...(isSchema(resolved['properties']) ? resolved['properties'] : {}) };
        const required = [...(Array.isArray(all['required']) ? all['required'] : []), ...(Array.isArray(resolved['required']) ? resolved['required'] : [])];
        return { ...all, ...resolved, properties, required };
      }, { ...schema, allOf: undefined });
      return this.fill(merged, name, index, depth);
    }
    switch (typeOf(schema)) {
      case 'object':
        return this.#object(schema, depth);
      case 'array':
        return this.#array(schema, name, depth);
      case 'string':
        return this.#string(schema, name, index);
      case 'integer':
        return this.#number(schema, name, index, true);
      case 'number':
        return this.#number(schema, name, index, false);
      case 'boolean':
        return this.#context.found;
      case 'null':
        return null;
      default:
        return this.#string(schema, name, index);
    }
  }

  #object(schema: Schema, depth: number): Record<string, unknown> {
    const properties = isSchema(schema['properties']) ? schema['properties'] : {};
    const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((key): key is string => typeof key === 'string') : []);
    const value: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(properties)) {
      if (depth >= MAX_DEPTH && !required.has(key)) continue;
      value[key] = this.fill(isSchema(property) ? property : {}, key, 0, depth + 1);
    }
    for (const key of required) if (!(key in value)) value[key] = this.#sentenceFor(key, 0);
    return value;
  }

  #array(schema: Schema, name: string, depth: number): unknown[] {
    const items = isSchema(schema['items']) ? schema['items'] : {};
    const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
    const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Infinity;
    const wanted = depth >= MAX_DEPTH ? 0 : Math.max(DEFAULT_ITEMS, this.#context.quotes.length);
    const count = Math.min(max, Math.max(min, wanted));
    const singular = name.replace(/(ies)$/, 'y').replace(/s$/, '');
    const values: unknown[] = [];
    const seen = new Set<string>();
    const unique = schema['uniqueItems'] === true;
    for (let index = 0; values.length < count && index < count * 3; index++) {
      let entry = this.fill(items, singular, index, depth + 1);
      if (unique && seen.has(JSON.stringify(entry))) {
        if (typeof entry === 'string') entry = `${entry} (${index + 1})`;
        else if (typeof entry === 'number') entry += index;
        else continue;
      }
      seen.add(JSON.stringify(entry));
      values.push(entry);
    }
    return values;
  }
}

/**
 * Fills a JSON Schema with a value that validates against it, taken from what the emulator's
 * responder read (https://www.alibabacloud.com/help/en/model-studio/qwen-structured-output, JSON
 * Schema mode): objects get every declared property (required ones always); strings are the context
 * sentence sharing most words with the property name (`answer`, `summary`, … get the answer itself;
 * arrays of strings take successive quoted sentences), with `minLength` / `maxLength` and the
 * `date`, `date-time`, `email`, `uri`, `uuid` formats honoured; numbers and integers are the first
 * number of that sentence (else a citation number), clamped to `minimum` / `maximum` /
 * `exclusiveMinimum` / `exclusiveMaximum` and `multipleOf`; booleans say whether the context held an
 * answer; `enum` picks the option the context mentions (else the first); `const`, `anyOf` / `oneOf`
 * (first non-null branch), `allOf` (merged), local `$ref` (`#/$defs/…`) and nullable type lists are
 * followed; arrays have `max(2, quotes)` items within `minItems` / `maxItems`. `pattern` is not
 * honoured. Deterministic.
 *
 * @param schema the `json_schema.schema` of the request.
 */
export function fillJsonSchema(schema: Record<string, unknown>, context: SchemaContext): unknown {
  return new Filler(context, schema).fill(schema, '', 0, 0);
}
