import { DashScopeError } from '../core/errors.js';

/**
 * Thrown by the counting functions when `model` is known to use a vocabulary other than Qwen's
 * BPE (DeepSeek, Kimi, GLM, Llama, …; see `tokenCountAccuracy`), so a Qwen count would be wrong.
 * Thrown before the vocabulary is loaded.
 */
export class UnsupportedTokenizerModelError extends DashScopeError {
  override readonly name = 'UnsupportedTokenizerModelError';
  /** The model name that was refused. */
  readonly model: string;

  constructor(model: string) {
    super(
      `No local tokenizer for model "${model}": it does not use the Qwen BPE vocabulary, so a ` +
        'local count would be wrong. Use the usage field of a real response instead.',
    );
    this.model = model;
  }
}
