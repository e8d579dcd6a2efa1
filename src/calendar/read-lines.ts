// Turns a feed body into logical content lines (RFC 5545 3.1). Folds are removed on the raw
// bytes before UTF-8 decoding because Exchange folds at 75 octets, often inside a multi-byte
// character; decoding each physical line first would turn such characters into U+FFFD.

export type LogicalLines = {
  /** unfolded text; logical lines are separated by LF */
  text: string;
  /** 1-based physical line number where each logical line starts. */
  lineNumbers: number[];
  hadInvalidUtf8: number | null;
};

const LF = 10,
  CR = 13,
  SPACE = 32,
  TAB = 9;

export function toUtf8Bytes(body: Uint8Array): Uint8Array {
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
  let bytes = toUtf8Bytes(body);
  // old Mac line ends (CR only) become LF so that one scan handles every file
  if (bytes.indexOf(LF) < 0 && bytes.indexOf(CR) >= 0) bytes = bytes.map((byte) => (byte === CR ? LF : byte));
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out: Buffer | null = null;
  const lineNumbers: number[] = [1];
  let length = 0;
  let physical = 1;
  let copyFrom = 0;
  // memchr-speed scan for LF; only folds cost a copy (line-end CRs are dropped when lines are cut)
  for (let lf = source.indexOf(LF); lf >= 0; lf = source.indexOf(LF, lf + 1)) {
    physical++;
    const follower = source[lf + 1];
    if (follower !== SPACE && follower !== TAB) {
      lineNumbers.push(physical);
      continue;
    }
    const cut = lf > copyFrom && source[lf - 1] === CR ? lf - 1 : lf;
    out ??= Buffer.allocUnsafe(source.length);
    length += source.copy(out, length, copyFrom, cut);
    copyFrom = lf + 2;
  }
  let text: string;
  if (out === null) {
    text = source.toString('utf8');
  } else {
    length += source.copy(out, length, copyFrom, source.length);
    text = out.toString('utf8', 0, length);
  }
  const bad = text.indexOf('\uFFFD');
  let hadInvalidUtf8: number | null = null;
  if (bad >= 0) {
    let count = 0;
    for (let k = text.lastIndexOf('\n', bad); k >= 0; k = k === 0 ? -1 : text.lastIndexOf('\n', k - 1)) count++;
    hadInvalidUtf8 = lineNumbers[count] ?? null;
  }
  return { text, lineNumbers, hadInvalidUtf8 };
}
