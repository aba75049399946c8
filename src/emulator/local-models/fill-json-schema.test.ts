import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fillJsonSchema, type SchemaContext } from './fill-json-schema.js';

const context: SchemaContext = {
  answer: 'npm publish uploads a package to the registry. [1]',
  quotes: ['npm publish uploads a package to the registry.', 'The package version must be new, such as 2.4.1.'],
  sentences: [
    'npm publish uploads a package to the registry.',
    'The package version must be new, such as 2.4.1.',
    'Publishing takes about 30 seconds on a fast connection.',
    'Contact the maintainer at team@example.org before 2026-03-15.',
  ],
  citations: [1, 2],
  found: true,
};

function filled(schema: Record<string, unknown>): unknown {
  const value = fillJsonSchema(schema, context);
  const check = z.fromJSONSchema(schema as never).safeParse(value);
  expect(check.success, JSON.stringify({ value, issues: check.success ? [] : check.error.issues })).toBe(true);
  return value;
}

describe('fillJsonSchema', () => {
  it('fills a flat object with the answer, a number from the context and whether it was found', () => {
    const value = filled({
      type: 'object',
      properties: { answer: { type: 'string' }, seconds: { type: 'integer' }, found: { type: 'boolean' } },
      required: ['answer', 'seconds', 'found'],
      additionalProperties: false,
    });
    expect(value).toEqual({ answer: context.answer, seconds: 30, found: true });
  });

  it('takes strings for other properties from the context sentence that names them', () => {
    const value = filled({ type: 'object', properties: { version: { type: 'string' }, maintainer: { type: 'string' } }, required: ['version', 'maintainer'] }) as Record<string, string>;
    expect(value['version']).toContain('2.4.1');
    expect(value['maintainer']).toContain('team@example.org');
  });

  it('handles nested objects, arrays of objects, enums and bounds', () => {
    const value = filled({
      type: 'object',
      properties: {
        summary: { type: 'string', maxLength: 20 },
        status: { type: 'string', enum: ['draft', 'registry', 'unknown'] },
        score: { type: 'number', minimum: 0, maximum: 1 },
        rating: { type: 'integer', minimum: 1, maximum: 5, multipleOf: 1 },
        sources: {
          type: 'array',
          minItems: 1,
          maxItems: 3,
          items: { type: 'object', properties: { text: { type: 'string' }, citation: { type: 'integer', minimum: 1 } }, required: ['text', 'citation'] },
        },
        meta: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 3 } }, required: ['tags'] },
      },
      required: ['summary', 'status', 'score', 'rating', 'sources', 'meta'],
    }) as Record<string, unknown>;
    expect(value['status']).toBe('registry');
    expect((value['summary'] as string).length).toBeLessThanOrEqual(20);
    expect((value['sources'] as unknown[]).length).toBe(2);
    expect(new Set((value['meta'] as { tags: string[] }).tags).size).toBe(3);
  });

  it('follows $ref into $defs, anyOf with null, allOf and type lists', () => {
    const value = filled({
      type: 'object',
      $defs: { Person: { type: 'object', properties: { name: { type: 'string', minLength: 2 }, email: { type: 'string', format: 'email' } }, required: ['name', 'email'] } },
      properties: {
        owner: { $ref: '#/$defs/Person' },
        reviewer: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/Person' }] },
        note: { type: ['string', 'null'] },
        merged: { allOf: [{ type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] }, { properties: { b: { const: 'fixed' } }, required: ['b'] }] },
        due: { type: 'string', format: 'date' },
        id: { type: 'string', format: 'uuid' },
      },
      required: ['owner', 'reviewer', 'note', 'merged', 'due', 'id'],
    }) as Record<string, unknown>;
    expect(value['owner']).toMatchObject({ email: 'team@example.org' });
    expect(value['merged']).toEqual({ a: true, b: 'fixed' });
    expect(value['due']).toBe('2026-03-15');
  });

  it('stops recursive schemas instead of looping', () => {
    const tree = { type: 'object', $defs: { Node: { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } }, required: ['label'] } }, $ref: '#/$defs/Node' };
    expect(filled(tree)).toMatchObject({ label: expect.any(String) });
  });

  it('says it found nothing through booleans when the context had no answer, and is deterministic', () => {
    const schema = { type: 'object', properties: { found: { type: 'boolean' }, answer: { type: 'string' } }, required: ['found', 'answer'] };
    const none = { ...context, answer: 'I could not find the answer in the provided context.', quotes: [], citations: [], found: false };
    expect(fillJsonSchema(schema, none)).toEqual({ found: false, answer: none.answer });
    expect(fillJsonSchema(schema, context)).toEqual(fillJsonSchema(schema, context));
  });
});
