/**
 * Largest upload per purpose, bytes: batch 500 MB, file-extract 150 MB
 * (https://docs.qwencloud.com/api-reference/platform-api/file). Purposes not listed have no client-side cap.
 */
export const MAX_UPLOAD_BYTES: Readonly<Record<string, number>> = { batch: 500 * 1024 * 1024, 'file-extract': 150 * 1024 * 1024 };
