// An upload read as lines: split across chunks (also inside a multi-byte character), CRLF and a
// last line without a break; refused past its limit as it streams or by its declared length, and
// refused as another type before a byte is read.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { uploadLines } from './upload-lines.ts';

const LIMITS = { types: ['application/x-ndjson'], maxBytes: 64 };

function request(chunks: Buffer[], headers: Record<string, string> = {}): FastifyRequest {
  return { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', ...headers }, body: Readable.from(chunks) } as never;
}

async function read(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code} ${JSON.stringify(error.params)}`;
    throw error;
  }
  return 'none';
}

describe('uploadLines', () => {
  it('splits lines across chunks, inside a character too, drops a CR before a break, keeps a last line without one', async () => {
    const bytes = Buffer.from('{"a":"Příprava"}\r\n{"b":2}\n\n{"c":3}', 'utf8');
    const cut = bytes.indexOf(Buffer.from('ř')) + 1;
    const lines = await read(uploadLines(request([bytes.subarray(0, cut), bytes.subarray(cut, 20), bytes.subarray(20)]), LIMITS));
    expect(lines).toEqual(['{"a":"Příprava"}', '{"b":2}', '', '{"c":3}']);
  });

  it('refuses a body past the limit while it streams, and one whose declared length is past it at once', async () => {
    const chunk = Buffer.alloc(40, 'x');
    expect(await refusal(() => read(uploadLines(request([chunk, chunk]), LIMITS)))).toBe('upload_too_large {"limit":"64 bytes"}');
    expect(await refusal(async () => uploadLines(request([chunk], { 'content-length': '65' }), LIMITS))).toBe(
      'upload_too_large {"limit":"64 bytes"}',
    );
    expect(await read(uploadLines(request([Buffer.alloc(64, 'x')]), LIMITS))).toEqual(['x'.repeat(64)]);
  });

  it('refuses another type, or a body already parsed', async () => {
    expect(await refusal(async () => uploadLines(request([], { 'content-type': 'application/json' }), LIMITS))).toBe(
      'unsupported_upload {"type":"application/x-ndjson"}',
    );
    const parsed = { headers: { 'content-type': 'application/x-ndjson' }, body: { file: 'x' } } as never;
    expect(await refusal(async () => uploadLines(parsed, LIMITS))).toBe('unsupported_upload {"type":"application/x-ndjson"}');
  });
});
