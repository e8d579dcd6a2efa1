// Reads a response body through its Content-Encoding, counting the size limit on the decoded
// bytes as they stream: a 20 KB gzip bomb that inflates to gigabytes stops at the limit.
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export type BodyRead = { kind: 'ok'; body: Buffer } | { kind: 'too_large' } | { kind: 'decode_error'; detail: string };

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Throws only when the stream itself fails (abort, reset): the caller maps that. */
export async function readDecodedBody(body: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<BodyRead> {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '' && encoding !== 'identity');
  const unknown = encodings.find((encoding) => DECODERS[encoding] === undefined);
  if (unknown !== undefined || encodings.length > 2) {
    body.destroy();
    return { kind: 'decode_error', detail: `unsupported content-encoding ${unknown ?? encodings.join(',')}` };
  }

  // encodings are listed in the order they were applied: undo them last first
  const decoders = encodings.reverse().map((encoding) => (DECODERS[encoding] as () => Transform)());
  // errors surface through the iteration below; the callback only keeps pipeline quiet
  let output: Readable = body;
  for (const decoder of decoders) output = pipeline(output, decoder, () => {});
  const destroyAll = () => {
    body.destroy();
    for (const decoder of decoders) decoder.destroy();
  };

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        destroyAll();
        return { kind: 'too_large' };
      }
      chunks.push(chunk);
    }
  } catch (error) {
    destroyAll();
    if (isZlibError(error)) {
      return { kind: 'decode_error', detail: `content decoding failed (${errorCode(error)})` };
    }
    throw error;
  }
  return { kind: 'ok', body: Buffer.concat(chunks, size) };
}

function isZlibError(error: unknown): boolean {
  const code = errorCode(error);
  // zlib reports Z_DATA_ERROR / Z_BUF_ERROR (truncated), brotli ERR__ERROR_FORMAT_* and the like
  return code.startsWith('Z_') || code.startsWith('ERR__') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED';
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'unknown';
}
