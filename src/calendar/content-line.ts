// RFC 5545 3.1 content lines: name *(";" param) ":" value. Parameter values may be quoted and
// then contain ";", ":" and "," (Exchange quotes display-name TZIDs such as
// "(UTC+07:00) Bangkok, Hanoi, Jakarta").

export type ContentLine = { name: string; params: Record<string, string> | null; value: string };

function isNameChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45;
}

/** The upper-cased property name (it ends at `name.length`), or null when the line has none. */
export function readLineName(line: string): string | null {
  let end = 0;
  let hasLower = false;
  for (; end < line.length; end++) {
    const code = line.charCodeAt(end);
    if (!isNameChar(code)) break;
    if (code >= 97) hasLower = true;
  }
  if (end === 0 || end === line.length) return null;
  const stop = line.charCodeAt(end);
  if (stop !== 58 && stop !== 59) return null;
  const name = line.slice(0, end);
  return hasLower ? name.toUpperCase() : name;
}

export function parseContentLine(line: string, knownName?: string): ContentLine | null {
  const name = knownName ?? readLineName(line);
  if (name === null) return null;
  let position = name.length;
  if (line.charCodeAt(position) === 58) return { name, params: null, value: line.slice(position + 1) };
  const params: Record<string, string> = {};
  while (line.charCodeAt(position) === 59) {
    const eq = line.indexOf('=', position + 1);
    if (eq < 0) return null;
    const paramName = line.slice(position + 1, eq).toUpperCase();
    position = eq + 1;
    let value = '';
    // a parameter may carry several comma-separated values; each may be quoted
    for (;;) {
      if (line.charCodeAt(position) === 34) {
        const close = line.indexOf('"', position + 1);
        if (close < 0) return null;
        value += line.slice(position + 1, close);
        position = close + 1;
      } else {
        let end = position;
        while (end < line.length) {
          const code = line.charCodeAt(end);
          if (code === 59 || code === 58 || code === 44) break;
          end++;
        }
        value += line.slice(position, end);
        position = end;
      }
      if (line.charCodeAt(position) !== 44) break;
      value += ',';
      position++;
    }
    params[paramName] = value;
  }
  if (line.charCodeAt(position) !== 58) return null;
  return { name, params, value: line.slice(position + 1) };
}
