// Turns a feed body into logical content lines (RFC 5545 3.1). Folds are removed on the raw
// bytes before UTF-8 decoding because Exchange folds at 75 octets, often inside a multi-byte
// character; decoding each physical line first would turn such characters into U+FFFD.

export type LogicalLines = {
  lines: string[];
  /** 1-based physical line number where each logical line starts. */
  lineNumbers: number[];
  hadInvalidUtf8: number | null;
};

const LF = 10, CR = 13, SPACE = 32, TAB = 9;

function toUtf8Bytes(body: Uint8Array): Uint8Array {
  // A UTF-16 body (rare, old Outlook exports) has to become UTF-8 before byte unfolding.
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) {
    return new TextEncoder().encode(new TextDecoder('utf-16le').decode(body.subarray(2)));
  }
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) {
    return new TextEncoder().encode(new TextDecoder('utf-16be').decode(body.subarray(2)));
  }
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3);
  return body;
}

export function readLines(body: Uint8Array): LogicalLines {
  const bytes = toUtf8Bytes(body);
  const out = new Uint8Array(bytes.length);
  const lineNumbers: number[] = [1];
  let length = 0;
  let physical = 1;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte !== LF && byte !== CR) {
      out[length++] = byte;
      i++;
      continue;
    }
    const next = byte === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
    physical++;
    const follower = bytes[next];
    if (follower === SPACE || follower === TAB) {
      i = next + 1;
      continue;
    }
    out[length++] = LF;
    lineNumbers.push(physical);
    i = next;
  }
  const text = new TextDecoder('utf-8').decode(out.subarray(0, length));
  const lines = text.split('\n');
  const bad = text.indexOf('\uFFFD');
  let hadInvalidUtf8: number | null = null;
  if (bad >= 0) {
    let count = 0;
    for (let k = text.lastIndexOf('\n', bad); k >= 0; k = text.lastIndexOf('\n', k - 1)) count++;
    hadInvalidUtf8 = lineNumbers[count] ?? null;
  }
  return { lines, lineNumbers, hadInvalidUtf8 };
}
