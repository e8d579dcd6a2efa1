import { parseContentLine } from './content-line.ts';
import type { LogicalLines } from './read-lines.ts';
import type { FeedWarning } from './types.ts';

export type Property = { name: string; params: Record<string, string> | null; value: string; line: number };
export type Component = { name: string; line: number; properties: Property[]; children: Component[] };

export const MAX_NESTING_DEPTH = 8;
export const MAX_COMPONENTS = 200_000;

// properties the engine reads; the rest of a VEVENT (often two thirds of its lines) is skipped unparsed
const KEPT_PROPERTIES = new Set([
  'UID',
  'DTSTART',
  'DTEND',
  'DURATION',
  'RRULE',
  'RDATE',
  'EXDATE',
  'RECURRENCE-ID',
  'SUMMARY',
  'LOCATION',
  'X-MICROSOFT-CDO-BUSYSTATUS',
  'TRANSP',
  'CLASS',
  'STATUS',
  'SEQUENCE',
  'DESCRIPTION',
  'X-ALT-DESC',
  'ATTENDEE',
  'ORGANIZER',
  'X-MICROSOFT-CDO-ALLDAYEVENT',
  'TZID',
  'TZOFFSETFROM',
  'TZOFFSETTO',
  'X-WR-CALNAME',
  'X-WR-TIMEZONE',
  'NAME',
]);

/** End of the property name of the line [start, end), or -1 when no ':' or ';' follows a valid name. */
function scanName(text: string, start: number, end: number): number {
  let position = start;
  for (; position < end; position++) {
    const code = text.charCodeAt(position);
    const isNameChar = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45;
    if (!isNameChar) break;
  }
  if (position === start || position >= end) return -1;
  const stop = text.charCodeAt(position);
  return stop === 58 || stop === 59 ? position : -1;
}

export type ComponentTree = { root: Component | null; warnings: FeedWarning[] };

/**
 * Builds the component tree line by line. A bad line is skipped with a warning instead of
 * failing the file (ical.js throws for the whole file), and a component cut off by a
 * truncated body is dropped, so every intact VEVENT survives damage elsewhere.
 */
export function buildComponents(input: LogicalLines): ComponentTree {
  const warnings: FeedWarning[] = [];
  const stack: Component[] = [];
  let root: Component | null = null;
  let count = 0;
  let skippedDepth = 0;
  let limitWarned = false;
  const { text, lineNumbers } = input;
  // one line string at a time: they die young instead of all living in an array
  for (let index = 0, start = 0; start <= text.length; index++) {
    const newline = text.indexOf('\n', start);
    const stop = newline < 0 ? text.length : newline;
    const lineStart = start;
    const lineEnd = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    start = stop + 1;
    if (lineEnd === lineStart) continue;
    const nameEnd = scanName(text, lineStart, lineEnd);
    if (nameEnd < 0) {
      if (text.slice(lineStart, lineEnd).trim() !== '') {
        warnings.push({
          code: 'invalid_line',
          line: lineNumbers[index] ?? null,
          message: `skipped a line that is no "NAME:value" content line`,
        });
      }
      continue;
    }
    const rawName = text.slice(lineStart, nameEnd);
    const name = /[a-z]/.test(rawName) ? rawName.toUpperCase() : rawName;
    // most lines of an Exchange VEVENT are never read: they are not even cut out of the text
    const isBoundary = name === 'BEGIN' || name === 'END';
    if (!isBoundary && !KEPT_PROPERTIES.has(name) && stack.length > 0) continue;
    const lineNumber = lineNumbers[index] ?? null;
    const line = text.slice(lineStart, lineEnd);
    if (name === 'BEGIN' || name === 'END') {
      const componentName = line
        .slice(name.length + 1)
        .trim()
        .toUpperCase();
      if (name === 'BEGIN') {
        if (skippedDepth > 0 || stack.length >= MAX_NESTING_DEPTH || count >= MAX_COMPONENTS) {
          if (!limitWarned || skippedDepth === 0) {
            const reason = count >= MAX_COMPONENTS ? `more than ${MAX_COMPONENTS} components` : `nesting deeper than ${MAX_NESTING_DEPTH}`;
            warnings.push({ code: 'limit_reached', line: lineNumber, message: `skipped ${componentName}: ${reason}` });
            limitWarned = true;
          }
          skippedDepth++;
          continue;
        }
        count++;
        const component: Component = { name: componentName, line: lineNumber ?? 0, properties: [], children: [] };
        if (stack.length === 0 && root) {
          warnings.push({
            code: 'extra_calendar',
            line: lineNumber,
            message: `a second top-level ${componentName} was merged into the first`,
          });
        }
        stack.push(component);
        continue;
      }
      if (skippedDepth > 0) {
        skippedDepth--;
        continue;
      }
      const position = stack.map((component) => component.name).lastIndexOf(componentName);
      if (position < 0) {
        warnings.push({ code: 'unmatched_end', line: lineNumber, message: `ignored END:${componentName} without a matching BEGIN` });
        continue;
      }
      while (stack.length > position + 1) {
        const dropped = stack.pop() as Component;
        warnings.push({ code: 'unterminated_component', line: dropped.line, message: `dropped ${dropped.name} that has no END line` });
      }
      const done = stack.pop() as Component;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(done);
      else if (!root) root = done;
      else if (done !== root) root.children.push(...done.children);
      continue;
    }
    if (skippedDepth > 0) continue;
    const current = stack[stack.length - 1];
    if (!current) {
      warnings.push({ code: 'outside_component', line: lineNumber, message: `skipped ${name} outside any component` });
      continue;
    }
    if (!KEPT_PROPERTIES.has(name)) continue;
    const parsed = parseContentLine(line, name);
    if (!parsed) {
      warnings.push({ code: 'invalid_line', line: lineNumber, message: `skipped a malformed ${name} line` });
      continue;
    }
    current.properties.push({ name: parsed.name, params: parsed.params, value: parsed.value, line: lineNumber ?? 0 });
  }
  // a truncated body: keep the calendar's completed children, drop the open ones
  while (stack.length > 1) {
    const dropped = stack.pop() as Component;
    warnings.push({
      code: 'unterminated_component',
      line: dropped.line,
      message: `dropped ${dropped.name} cut off by the end of the file`,
    });
  }
  const open = stack.pop();
  if (open) {
    warnings.push({ code: 'unterminated_component', line: open.line, message: `${open.name} has no END line (truncated file?)` });
    if (!root) root = open;
  }
  return { root, warnings };
}
