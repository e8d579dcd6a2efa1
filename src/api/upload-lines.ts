// A streamed upload (an endpoint with `upload`) read as its lines: the body as Fastify hands it
// over unparsed (buildApp's parser for the upload types), counted as it arrives and refused past
// the endpoint's limit, split at line breaks (a CR before one is dropped) without holding more
// than the current line.
import { StringDecoder } from 'node:string_decoder';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

function isStream(body: unknown): body is AsyncIterable<Buffer> {
  return (
    typeof body === 'object' && body !== null && Symbol.asyncIterator in body && typeof (body as { pipe?: unknown }).pipe === 'function'
  );
}

const tooLarge = (maxBytes: number) =>
  new AppError('upload_too_large', 'the upload is larger than allowed', {
    limit: maxBytes >= 1_048_576 ? `${Math.round(maxBytes / 1_048_576)} MiB` : `${maxBytes} bytes`,
  });

/** Refuses, before anything is read, a body of another type or one that says it is too large. */
export function uploadLines(request: FastifyRequest, upload: { types: readonly string[]; maxBytes: number }): AsyncIterable<string> {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const body = request.body;
  if (!upload.types.includes(type) || !isStream(body))
    throw new AppError('unsupported_upload', `expected ${upload.types.join(' or ')}`, { type: upload.types.join(', ') });
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > upload.maxBytes) throw tooLarge(upload.maxBytes);
  return splitLines(body, upload.maxBytes);
}

async function* splitLines(body: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let pending = '';
  const line = (text: string) => (text.endsWith('\r') ? text.slice(0, -1) : text);
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw tooLarge(maxBytes);
    pending += decoder.write(chunk);
    let start = 0;
    for (let at = pending.indexOf('\n'); at !== -1; at = pending.indexOf('\n', start)) {
      yield line(pending.slice(start, at));
      start = at + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== '') yield line(pending);
}
