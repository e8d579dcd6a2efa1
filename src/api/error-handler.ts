import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorStatus } from '../errors.ts';
import { localizeDetail } from '../i18n/details.ts';
import { errorParams, isMessageKey, type Language, languageFromHeader, translate } from '../i18n/translate.ts';

// The caller's language: the profile, else Accept-Language, else English.
export function requestLanguage(request: FastifyRequest): Language {
  return request.actor?.language ?? languageFromHeader(request.headers['accept-language']) ?? 'en';
}

export function errorBody(language: Language, code: ErrorCode, given: Record<string, string | number> = {}, details?: unknown) {
  const params = errorParams(language, code, given);
  const messageKey = `error.${code}.message`;
  const hintKey = `error.${code}.hint`;
  return {
    error: {
      code,
      message: isMessageKey(messageKey) ? translate(language, messageKey, params) : code,
      ...(isMessageKey(hintKey) && { hint: translate(language, hintKey, params) }),
      ...(details !== undefined && { details }),
    },
  };
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_json',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_ERR_BAD_URL: 'validation_failed',
};

// SQLSTATEs for text the database cannot store (a NUL byte, an invalid sequence): the input's
// fault, whichever field carried it. drizzle wraps driver errors, so the cause chain is searched.
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

function sqlState(error: unknown): string | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

// The value a validation issue is about, for zod's translated "received string" wording.
function inputAt(request: FastifyRequest, where: string, segments: string[]): unknown {
  const root: unknown =
    where === 'query' ? request.query : where === 'params' ? request.params : where === 'headers' ? request.headers : request.body;
  return segments.reduce<unknown>(
    (value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
    root,
  );
}

// The error to answer with, its details final: each a sentence in the caller's language.
function toAppError(error: FastifyError, request: FastifyRequest, language: Language): AppError {
  if (error instanceof AppError) {
    return error.details === undefined
      ? error
      : new AppError(error.code, error.message, error.params, localizeDetails(language, error.details), { cause: error });
  }
  if (UNSTORABLE_TEXT.has(sqlState(error) ?? '')) {
    return new AppError(
      'validation_failed',
      'unstorable text',
      {},
      localizeDetails(language, [{ path: 'body', message: 'contains a character that cannot be stored (such as a NUL byte)' }]),
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
    const details = error.validation.map((issue) => {
      const segments = issue.instancePath.split('/').filter((part) => part !== '');
      const input = inputAt(request, where, segments);
      const path = [where, ...segments].join('.');
      return {
        path,
        message: localizeDetail(language, { ...issue.params, input, code: issue.keyword, message: issue.message ?? '', path }),
        ...(Array.isArray(issue.params.keys) && { fields: issue.params.keys }),
      };
    });
    return new AppError('validation_failed', 'request validation failed', {}, details);
  }
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) return new AppError(mapped, error.message);
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError('malformed_json', error.message);
  if (error.statusCode === 429) return new AppError('rate_limited', error.message);
  if (error.statusCode === 405) return new AppError('method_not_allowed', error.message);
  return new AppError('internal', error.message, {}, undefined, { cause: error });
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const language = requestLanguage(request);
  let appError: AppError;
  try {
    appError = toAppError(error, request, language);
  } catch (mappingError) {
    request.log.error({ err: mappingError }, 'error mapping failed');
    appError = new AppError('internal', 'error mapping failed');
  }
  if (appError.code === 'internal') {
    request.log.error({ err: error }, 'unhandled error');
    void reply.status(500).send(errorBody(language, 'internal', { requestId: request.id }));
    return;
  }
  void reply.status(errorStatus[appError.code]).send(errorBody(language, appError.code, appError.params, appError.details));
}

// Service-made details ({ path, message } entries, the message a rule about the field) read as
// sentences in the caller's language too.
function localizeDetails(language: Language, details: unknown): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((detail: unknown) =>
    detail && typeof detail === 'object' && typeof (detail as { message?: unknown }).message === 'string'
      ? { ...detail, message: localizeDetail(language, detail as { message: string }) }
      : detail,
  );
}
