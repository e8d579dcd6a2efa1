// The one error catalogue: every code the API answers with, and its HTTP status.
// Messages and hints live in src/i18n (en, cs) under error.<code>.
export const errorStatus = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_range: 400,
  project_archived: 400,
  task_archived: 400,
  timer_too_short: 400,
  project_required: 400,
  timesheet_day_too_long: 400,
  rule_matches_everything: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  csrf_failed: 403,
  forbidden: 403,
  signup_closed: 403,
  not_found: 404,
  organization_unknown: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  version_conflict: 409,
  email_taken: 409,
  already_tracked: 409,
  idempotency_conflict: 409,
  timer_not_running: 409,
  nothing_to_update: 409,
  not_tracked: 409,
  timesheet_record_spans_day: 409,
  in_use: 409,
  name_taken: 409,
  connection_exists: 409,
  restore_not_empty: 409,
  organization_exists: 409,
  organization_ambiguous: 409,
  member_elsewhere: 409,
  invite_invalid: 410,
  payload_too_large: 413,
  upload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unsupported_upload: 415,
  invalid_url: 422,
  https_required: 422,
  html_view_link: 422,
  not_ics: 422,
  unrecognized_format: 422,
  ambiguous_date_order: 422,
  backup_unrecognized: 422,
  backup_truncated: 422,
  backup_damaged: 422,
  backup_too_new: 422,
  restore_failed: 422,
  backup_not_organization: 422,
  period_locked: 423,
  rate_limited: 429,
  internal: 500,
  not_ready: 503,
  backup_no_schema: 503,
  database_too_new: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;
export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: ErrorParams = {},
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}
