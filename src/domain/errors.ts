/**
 * Stable error codes. Clients and other teams' scripts rely on these names (docs/domain.md, Contract):
 * add new ones freely, never rename one. The HTTP status for each lives in one table in src/http.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TOO_MANY_REQUESTS'
  | 'IDEMPOTENCY_CONFLICT'
  | 'CONFLICT'
  | 'ALREADY_REVERSED'
  | 'REVERSAL_NOT_ALLOWED'
  | 'UNBALANCED_ENTRY'
  | 'INVALID_ACCOUNT'
  | 'COMMITMENT_EXCEEDS_TARGET'
  | 'CALL_EXCEEDS_UNFUNDED'
  | 'PAYMENT_EXCEEDS_CALLED'
  | 'INSUFFICIENT_CASH'
  | 'EXIT_EXCEEDS_COST'
  | 'EXIT_EXCEEDS_SHARES'
  | 'EXIT_COST_MISMATCH'
  | 'SCREENING_REQUIRED'
  | 'CONCENTRATION_LIMIT'
  | 'GOVERNMENT_SHARE_LIMIT'
  | 'ACQUISITION_MODE_FORBIDDEN'
  | 'FUND_NOT_ACTIVE'
  | 'DATE_BEFORE_INCEPTION'
  | 'DATABASE_BUSY'
  | 'WRITE_QUEUE_FULL'
  | 'GUARANTEED_RETURN_FORBIDDEN'
  | 'NO_PAID_IN_CAPITAL'
  | 'FUTURE_VALUE_DATE'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'DIGEST_INVALID'
  | 'DIGEST_UNAVAILABLE'
  | 'NOT_A_MANAGER'
  | 'NO_FEE_PAYING_INVESTORS'
  | 'NO_FUND_TERMS'
  | 'NO_FEE_DUE'
  | 'LATER_DISTRIBUTION_EXISTS'
  | 'NO_LATE_INTEREST_DUE'
  | 'PAYMENT_EXCEEDS_PAYABLE'
  | 'CSRF_TOKEN_INVALID'
  | 'CURRENT_PASSWORD_WRONG'
  | 'PERIOD_CLOSED'
  | 'APPROVAL_REQUIRED'
  | 'PROPOSAL_NOT_PENDING'
  | 'PROPOSER_DISABLED'
  | 'REF_NOT_BOOKED'
  | 'INSTRUMENT_FORBIDDEN'
  | 'SELLING_LIMIT_EXCEEDED'
  | 'OBLIGATION_NOT_SETTLABLE';

export interface FieldError {
  /** Path of the offending field, dotted ("company.stockCode", "lines.0.amount"). */
  field: string;
  message: string;
}

/** A refusal the domain can explain. Carries no HTTP status: src/http maps codes to statuses in one place. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(errors: FieldError[], message?: string): DomainError {
    const summary = message ?? errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new DomainError('VALIDATION_FAILED', summary, { errors });
  }

  static notFound(what: string, key: string | number): DomainError {
    return new DomainError('NOT_FOUND', `${what} ${key} does not exist`, { resource: what, key: String(key) });
  }
}
