import type { Language } from './translate.ts';

// Field-level messages of validation_failed `details` (and of configuration errors): each reads
// as a sentence in the reader's language that names the field. Our own rules are written once,
// in English, where the rule lives (contract, service) as a predicate about the field ("must
// be after start"); this table gives the English wording where the predicate needs one and the
// Czech one. zod's own issues (missing field, wrong type, too short...) are worded here from
// their kind, never from zod's text ("Invalid input: expected number, received undefined").
const predicates: Record<string, { en?: string; cs: string }> = {
  'belongs to another project': { cs: 'patří k jinému projektu' },
  'is not a cursor from a previous page': { cs: 'není kurzor z předchozí stránky' },
  'is not a real date': { cs: 'není skutečné datum' },
  'is not a real instant': { cs: 'není skutečný okamžik' },
  'is not an id': { cs: 'není identifikátor' },
  'is wrong': { cs: 'není správně' },
  'must be a colour such as #3b82f6': { cs: 'musí být barva, například #3b82f6' },
  'must be a date such as 2026-03-16': { cs: 'musí být datum, například 2026-03-16' },
  'must be a time such as 09:00': { cs: 'musí být čas, například 09:00' },
  'must be after start': { cs: 'musí být po začátku' },
  'must be after the timer started': { cs: 'musí být po spuštění stopek' },
  'must be an IANA time zone such as Europe/Prague': { cs: 'musí být časové pásmo IANA, například Europe/Prague' },
  'must be an instant such as 2026-03-16T09:00:00Z or a real date such as 2026-03-16': {
    cs: 'musí být okamžik, například 2026-03-16T09:00:00Z, nebo skutečné datum, například 2026-03-16',
  },
  'must be an ISO-8601 UTC instant such as 2026-03-16T09:00:00Z': { cs: 'musí být okamžik ISO-8601 v UTC, například 2026-03-16T09:00:00Z' },
  'must be at least 10 characters': { cs: 'musí mít alespoň 10 znaků' },
  'must be in the years 1900 to 9999': { cs: 'musí být v letech 1900 až 9999' },
  'must be within the last 7 days': { cs: 'musí být v posledních 7 dnech' },
  'must not be in the future': { cs: 'nesmí být v budoucnosti' },
  'must be 1 to 200 characters': { cs: 'musí mít 1 až 200 znaků' },
  'must be 0, 1, 5, 6, 10, 15 or 30': { cs: 'musí být 0, 1, 5, 6, 10, 15 nebo 30' },
  'must list each weekday once': { cs: 'musí uvést každý den v týdnu nejvýše jednou' },
  'must not repeat a dimension': { cs: 'nesmí opakovat stejné členění' },
  'needs a project: choose the project first': { cs: 'potřebuje projekt: nejdřív vyberte projekt' },
  'a time record may last at most 7 days': {
    en: 'is too far away: a time record may last at most 7 days',
    cs: 'je příliš daleko: časový záznam smí trvat nejvýše 7 dní',
  },
  'contains a character that cannot be stored (such as a NUL byte)': { cs: 'obsahuje znak, který nelze uložit (například bajt NUL)' },
  'required for a recent impulse': { en: 'is required for a recent impulse', cs: 'je povinné pro impuls z nedávných záznamů' },
  'required for an all-day meeting': { en: 'is required for an all-day meeting', cs: 'je povinné pro celodenní schůzku' },
  'required: no earlier time record suggests a project for this meeting': {
    en: 'is required: no earlier time record suggests a project for this meeting',
    cs: 'je povinné: žádný dřívější časový záznam nenavrhuje projekt pro tuto schůzku',
  },
  'send the version you read (?version=N or a JSON body)': {
    en: 'is missing: send the version you read (?version=N or a JSON body)',
    cs: 'chybí: pošlete verzi, kterou jste načetli (?version=N nebo v těle JSON)',
  },
  'the range may span at most 400 days': {
    en: 'is too far away: the range may span at most 400 days',
    cs: 'je příliš daleko: rozsah smí zahrnovat nejvýše 400 dní',
  },
  'must be a postgres:// or postgresql:// URL': { cs: 'musí být adresa postgres:// nebo postgresql://' },
  'must be 32 random bytes, base64-encoded (openssl rand -base64 32)': {
    cs: 'musí být 32 náhodných bajtů v base64 (openssl rand -base64 32)',
  },
  'must name a readable PEM file holding a CA certificate (-----BEGIN CERTIFICATE-----)': {
    cs: 'musí být čitelný soubor PEM s certifikátem CA (-----BEGIN CERTIFICATE-----)',
  },
  'must be comma-separated host names, addresses or CIDRs such as exchange.corp.example,10.1.0.0/16': {
    cs: 'musí být čárkami oddělené názvy serverů, adresy nebo rozsahy CIDR, například exchange.corp.example,10.1.0.0/16',
  },
};

export type ValidationIssue = { code?: string; message: string; [field: string]: unknown };

// Czech nouns after a number: 1 znak, 2–4 znaky, 5+ znaků.
function czechCount(count: number, one: string, few: string, many: string): string {
  const abs = Math.abs(count);
  return `${count} ${abs === 1 ? one : abs >= 2 && abs <= 4 ? few : many}`;
}

type Kind = 'string' | 'number' | 'int' | 'boolean' | 'object' | 'array' | 'null' | 'other';

const kindNames: Record<Language, Record<Kind, string>> = {
  en: {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
    null: 'null',
    other: 'another value',
  },
  cs: {
    string: 'text',
    number: 'číslo',
    int: 'celé číslo',
    boolean: 'true nebo false',
    object: 'objekt',
    array: 'seznam',
    null: 'null',
    other: 'jiná hodnota',
  },
};

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'other' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object') return typeof value as Kind;
  return 'other';
}

function expectedKind(expected: unknown): Kind {
  return typeof expected === 'string' && expected in kindNames.en ? (expected as Kind) : 'other';
}

const quote = (language: Language, text: string) => (language === 'cs' ? `„${text}“` : `"${text}"`);

function list(language: Language, values: unknown[]): string {
  const shown = values.map((value) => quote(language, String(value)));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${language === 'cs' ? 'nebo' : 'or'} ${shown.at(-1)}`;
}

// What zod found, as a predicate about the field, from the issue's kind and figures only.
function zodPredicate(language: Language, issue: ValidationIssue): string | null {
  const cs = language === 'cs';
  const origin = issue.origin;
  const limit = Number(issue.minimum ?? issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return cs ? 'je povinné' : 'is required';
      const expected = kindNames[language][expectedKind(issue.expected)];
      const received = kindOf(issue.input);
      const not = received === 'other' ? '' : cs ? `, ne ${kindNames.cs[received]}` : `, not ${kindNames.en[received]}`;
      return cs ? `musí být ${expected}${not}` : `must be ${expected}${not}`;
    }
    case 'too_small':
      if (origin === 'string') {
        if (limit <= 1) return cs ? 'nesmí být prázdné' : 'must not be empty';
        return cs ? `musí mít alespoň ${czechCount(limit, 'znak', 'znaky', 'znaků')}` : `must be at least ${limit} characters long`;
      }
      if (origin === 'array' || origin === 'set') {
        return cs
          ? `musí mít alespoň ${czechCount(limit, 'položku', 'položky', 'položek')}`
          : `must have at least ${limit} item${limit === 1 ? '' : 's'}`;
      }
      return cs
        ? `musí být ${inclusive ? 'alespoň' : 'větší než'} ${limit}`
        : `must be ${inclusive ? 'at least' : 'greater than'} ${limit}`;
    case 'too_big':
      if (origin === 'string')
        return cs ? `smí mít nejvýše ${czechCount(limit, 'znak', 'znaky', 'znaků')}` : `must be at most ${limit} characters long`;
      if (origin === 'array' || origin === 'set') {
        return cs
          ? `smí mít nejvýše ${czechCount(limit, 'položku', 'položky', 'položek')}`
          : `must have at most ${limit} item${limit === 1 ? '' : 's'}`;
      }
      return cs ? `smí být ${inclusive ? 'nejvýše' : 'menší než'} ${limit}` : `must be ${inclusive ? 'at most' : 'less than'} ${limit}`;
    case 'invalid_format':
      if (issue.format === 'email')
        return cs ? 'musí být e-mailová adresa, například ada@example.com' : 'must be an e-mail address such as ada@example.com';
      if (issue.format === 'url')
        return cs ? 'musí být adresa URL, například https://example.com' : 'must be a URL such as https://example.com';
      return cs ? 'nemá správný tvar' : 'is not in the right form';
    case 'invalid_value': {
      const values = Array.isArray(issue.values) ? issue.values : [];
      if (values.length === 1) return cs ? `musí být ${list(language, values)}` : `must be ${list(language, values)}`;
      return cs ? `musí být jedna z hodnot ${list(language, values)}` : `must be one of ${list(language, values)}`;
    }
    case 'not_multiple_of':
      return cs ? `musí být násobkem ${String(issue.divisor)}` : `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys': {
      const keys = Array.isArray(issue.keys) ? issue.keys : [];
      if (cs)
        return `obsahuje ${keys.length === 1 ? 'neznámé pole' : 'neznámá pole'} ${list(language, keys).replace(' nebo ', ' a ')}: odeberte ${keys.length === 1 ? 'ho' : 'je'}`;
      return `has unknown field${keys.length === 1 ? '' : 's'} ${list(language, keys).replace(' or ', ' and ')}: remove ${keys.length === 1 ? 'it' : 'them'}`;
    }
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return cs ? 'není platné' : 'is not valid';
    default:
      return null;
  }
}

// One sentence naming the field: `"email" must be an e-mail address such as ada@example.com.`
export function describeIssue(language: Language, field: string, issue: ValidationIssue): string {
  const rule = predicates[issue.message];
  const predicate = rule
    ? language === 'cs'
      ? rule.cs
      : (rule.en ?? issue.message)
    : (zodPredicate(language, issue) ?? (language === 'cs' ? 'není platné' : 'is not valid'));
  return `${quote(language, field)} ${predicate}.`;
}

// The field a detail path names: "body.password.current" → "password.current"; a bare
// "body" (the whole request body) stays as it is.
export function fieldOfPath(path: string): string {
  const [where, ...rest] = path.split('.');
  return rest.length > 0 ? rest.join('.') : (where ?? path);
}

// A detail ({ path, message }) as its sentence in the reader's language.
export function localizeDetail(language: Language, issue: ValidationIssue & { path?: unknown }): string {
  const field = typeof issue.path === 'string' ? fieldOfPath(issue.path) : 'input';
  return describeIssue(language, field, issue);
}
