const checked = new WeakSet<object>();

/**
 * @internal For the production layer: marks a params object whose token sizes the caller has already
 * sized (rerankMany packs by count, embedMany truncates to the limit), so `embeddings.create` and
 * `rerank.create` do not count the same texts a second time. Params objects built by users are never
 * marked; the mark lives only as long as the object.
 *
 * @param params the object about to be passed to `create`.
 * @returns the same object.
 */
export function markTokensChecked<T extends object>(params: T): T {
  checked.add(params);
  return params;
}

/** @internal Whether {@link markTokensChecked} marked `params`. */
export function areTokensChecked(params: object): boolean {
  return checked.has(params);
}
