/** How {@link chunkCode} reads a language: comment, annotation and import line starts (after no indentation). */
export interface CodeSyntax {
  /** Line starts of comments, e.g. `//`, `#`, `--`: skipped when picking a chunk's declaration line. */
  comments: readonly string[];
  /** Line starts of decorators and attributes (`@`, `#[`): skipped the same way. */
  annotations: readonly string[];
  /** Line starts of imports (`import `, `use `): named only when a chunk holds nothing else. */
  imports: readonly string[];
}

const C_COMMENTS = ['//', '/*', '*', '*/'] as const;
const HASH = ['#'] as const;

/** Syntax of each language in {@link CODE_EXTENSIONS}, by its display name. */
export const CODE_SYNTAX: Readonly<Record<string, CodeSyntax>> = {
  TypeScript: { comments: C_COMMENTS, annotations: ['@'], imports: ['import ', 'export * from', "'use ", '"use '] },
  JavaScript: { comments: C_COMMENTS, annotations: ['@'], imports: ['import ', 'export * from', "'use ", '"use ', 'const {', 'require('] },
  Python: { comments: ['#', '"""', "'''"], annotations: ['@'], imports: ['import ', 'from '] },
  Go: { comments: C_COMMENTS, annotations: [], imports: ['package ', 'import '] },
  Rust: { comments: C_COMMENTS, annotations: ['#[', '#!['], imports: ['use ', 'pub use ', 'mod ', 'extern crate '] },
  Java: { comments: C_COMMENTS, annotations: ['@'], imports: ['package ', 'import '] },
  Kotlin: { comments: C_COMMENTS, annotations: ['@'], imports: ['package ', 'import '] },
  C: { comments: C_COMMENTS, annotations: [], imports: ['#include', '#pragma once'] },
  'C++': { comments: C_COMMENTS, annotations: ['[['], imports: ['#include', '#pragma once', 'using namespace '] },
  'C#': { comments: C_COMMENTS, annotations: ['['], imports: ['using ', 'namespace '] },
  Ruby: { comments: HASH, annotations: [], imports: ['require ', 'require_relative '] },
  PHP: { comments: [...C_COMMENTS, '#'], annotations: ['#['], imports: ['<?php', 'namespace ', 'use '] },
  Swift: { comments: C_COMMENTS, annotations: ['@'], imports: ['import '] },
  Shell: { comments: HASH, annotations: [], imports: ['source ', '. ', 'set -'] },
  SQL: { comments: ['--', '/*', '*', '*/'], annotations: [], imports: [] },
};

/** File extensions (lower case, without the dot) indexed as code, and their language's display name. */
export const CODE_EXTENSIONS: Readonly<Record<string, keyof typeof CODE_SYNTAX>> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  py: 'Python',
  pyi: 'Python',
  go: 'Go',
  rs: 'Rust',
  java: 'Java',
  kt: 'Kotlin',
  kts: 'Kotlin',
  c: 'C',
  h: 'C',
  cc: 'C++',
  cpp: 'C++',
  cxx: 'C++',
  hh: 'C++',
  hpp: 'C++',
  hxx: 'C++',
  cs: 'C#',
  rb: 'Ruby',
  php: 'PHP',
  swift: 'Swift',
  sh: 'Shell',
  bash: 'Shell',
  zsh: 'Shell',
  sql: 'SQL',
};

/** Lockfiles (exact file names): listed so that the index report names them as skipped, never chunked. */
export const LOCKFILE_NAMES: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'deno.lock',
  'Cargo.lock',
  'Gemfile.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'composer.lock',
  'go.sum',
  'Package.resolved',
  'gradle.lockfile',
  'packages.lock.json',
  'flake.lock',
]);

/**
 * The language of a code file by its extension (see {@link CODE_EXTENSIONS}), e.g. `TypeScript` for
 * `src/client.ts`, or `undefined` for any other file (Markdown, text, data).
 */
export function codeLanguageOf(file: string): string | undefined {
  const name = file.split('/').pop() ?? file;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return CODE_EXTENSIONS[name.slice(dot + 1).toLowerCase()];
}
