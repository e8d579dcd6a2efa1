// Reads a response body through its Content-Encoding, counting the size limit on the decoded
// bytes: a 20 KB gzip bomb that inflates to gigabytes stops at the limit. A body that announces
// a small length is read whole and decoded in one call (a decoding stream costs more than the
// decoding of a few kilobytes); any other body is decoded as it streams.
import { pipeline, type Readable, type Transform } from 'node:stream';
import {
  brotliDecompressSync,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  gunzipSync,
  inflateSync,
  type ZlibOptions,
} from 'node:zlib';

export type BodyRead = { kind: 'ok'; body: Buffer } | { kind: 'too_large' } | { kind: 'decode_error'; detail: string };

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

const DECODE_AT_ONCE: Record<string, (buffer: Buffer, options: ZlibOptions) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/** Up to this many encoded bytes (announced by Content-Length) are decoded in one call: under a millisecond even at the size limit's ratio. */
const DECODE_AT_ONCE_MAX_BYTES = 64 * 1024;

/** Throws only when the stream itself fails (abort, reset): the caller maps that. */
export async function readDecodedBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  declaredLength: number = Number.NaN,
): Promise<BodyRead> {
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
  encodings.reverse();
  if (encodings.length > 0 && declaredLength <= DECODE_AT_ONCE_MAX_BYTES) return decodeAtOnce(body, encodings, maxBytes);
  const decoders = encodings.map((encoding) => (DECODERS[encoding] as () => Transform)());
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

async function decodeAtOnce(body: Readable, encodings: string[], maxBytes: number): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    // the server sent more than it announced: undici stops that, this is the second guard
    if (size > DECODE_AT_ONCE_MAX_BYTES) {
      body.destroy();
      return { kind: 'decode_error', detail: 'body longer than its Content-Length' };
    }
    chunks.push(chunk);
  }
  let decoded: Buffer = Buffer.concat(chunks, size);
  try {
    // maxOutputLength stops the decoder itself at the limit: a bomb never inflates further
    for (const encoding of encodings)
      decoded = (DECODE_AT_ONCE[encoding] as (typeof DECODE_AT_ONCE)[string])(decoded, { maxOutputLength: maxBytes });
  } catch (error) {
    if (errorCode(error) === 'ERR_BUFFER_TOO_LARGE') return { kind: 'too_large' };
    if (isZlibError(error)) return { kind: 'decode_error', detail: `content decoding failed (${errorCode(error)})` };
    throw error;
  }
  return { kind: 'ok', body: decoded };
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
