/**
 * Encodes a vector as OpenAI's `encoding_format: "base64"` does: the little-endian float32 bytes,
 * base64-encoded. The emulator's vectors are float32-exact ({@link lexicalEmbedding}), so decoding
 * gives back the very numbers the `float` format sends. Uses only `btoa` (any runtime).
 */
export function float32Base64(vector: readonly number[]): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}
