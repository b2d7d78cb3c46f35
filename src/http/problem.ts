import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, type ErrorCode, type FieldError } from '../domain/errors';
import { isDatabaseBusy } from '../data/db-errors';

/** The one table from stable error code to HTTP status and title. */
const STATUS: Record<ErrorCode, { status: number; title: string }> = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Not permitted for this role' },
  TOO_MANY_REQUESTS: { status: 429, title: 'Too many requests' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused with a different request' },
  CONFLICT: { status: 409, title: 'Conflict' },
  ALREADY_REVERSED: { status: 409, title: 'The entry was already reversed' },
  REVERSAL_NOT_ALLOWED: { status: 422, title: 'The entry cannot be reversed' },
  UNBALANCED_ENTRY: { status: 422, title: 'The entry does not balance' },
  INVALID_ACCOUNT: { status: 422, title: 'Invalid account' },
  COMMITMENT_EXCEEDS_TARGET: { status: 422, title: 'Commitments would exceed the fund target size' },
  CALL_EXCEEDS_UNFUNDED: { status: 422, title: 'The call exceeds unfunded commitment' },
  PAYMENT_EXCEEDS_CALLED: { status: 422, title: 'The payment exceeds the amount called' },
  INSUFFICIENT_CASH: { status: 422, title: 'Insufficient cash' },
  EXIT_EXCEEDS_COST: { status: 422, title: 'The exit releases more cost than remains' },
  EXIT_EXCEEDS_SHARES: { status: 422, title: 'The exit sells more shares than are held' },
  EXIT_COST_MISMATCH: { status: 422, title: 'The cost given disagrees with the average cost of the shares sold' },
  SCREENING_REQUIRED: { status: 422, title: 'An eligible screening is required' },
  CONCENTRATION_LIMIT: { status: 422, title: 'Concentration limit exceeded' },
  GOVERNMENT_SHARE_LIMIT: { status: 422, title: 'Government-class share above the cap' },
  ACQUISITION_MODE_FORBIDDEN: { status: 422, title: 'Acquisition mode not allowed' },
  FUND_NOT_ACTIVE: { status: 422, title: 'The fund is not active' },
  DATE_BEFORE_INCEPTION: { status: 422, title: 'Date before the fund inception' },
  DATABASE_BUSY: { status: 503, title: 'The database is busy' },
  WRITE_QUEUE_FULL: { status: 503, title: 'Too many writes are waiting' },
  GUARANTEED_RETURN_FORBIDDEN: { status: 422, title: 'Guaranteed returns are not allowed' },
  NO_PAID_IN_CAPITAL: { status: 422, title: 'No paid-in capital' },
  FUTURE_VALUE_DATE: { status: 422, title: 'The value date is after today' },
  AMOUNT_OUT_OF_RANGE: { status: 422, title: 'The amount or a resulting balance is past the exact range' },
  DIGEST_INVALID: { status: 422, title: 'The chain digest is not validly signed' },
  DIGEST_UNAVAILABLE: { status: 503, title: 'No digest signing key is configured' },
  NOT_A_MANAGER: { status: 422, title: 'The fund manager named is not an investor of category manager' },
  NO_FEE_PAYING_INVESTORS: { status: 422, title: 'A fee with no fee-paying commitment to split it over' },
  NO_FUND_TERMS: { status: 422, title: 'The fund has no terms in force' },
  NO_FEE_DUE: { status: 422, title: 'The management fee of the period is zero' },
  NO_LATE_INTEREST_DUE: { status: 422, title: 'No late interest is due beyond what was already charged' },
  PAYMENT_EXCEEDS_PAYABLE: { status: 422, title: 'The payment exceeds what the fund owes' },
  LATER_DISTRIBUTION_EXISTS: { status: 422, title: 'A later distribution exists: the waterfall splits distributions in date order' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'A write by a signed-in browser needs the session\'s X-CSRF-Token' },
  CURRENT_PASSWORD_WRONG: { status: 403, title: 'The current password is wrong' },
  PERIOD_CLOSED: { status: 422, title: 'The date falls in a closed period' },
  APPROVAL_REQUIRED: { status: 409, title: 'The write needs the approval of the investment committee' },
  PROPOSAL_NOT_PENDING: { status: 409, title: 'The proposal is no longer pending' },
  PROPOSER_DISABLED: { status: 409, title: 'The proposer\'s account is disabled: the proposal cannot be executed in their name' },
  REF_NOT_BOOKED: { status: 422, title: 'The row names a call or investment that is not booked (refused, or awaiting approval)' },
  INSTRUMENT_FORBIDDEN: { status: 422, title: 'The fund may not hold this instrument' },
  SELLING_LIMIT_EXCEEDED: { status: 422, title: 'The sale is beyond the lock-up or the selling limit' },
  OBLIGATION_NOT_SETTLABLE: { status: 422, title: 'The exit cannot settle this obligation' },
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'INTERNAL_ERROR';
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemFromDomain(error: DomainError, requestId?: string): Problem {
  const { status, title } = STATUS[error.code];
  // Details extend the problem; they never replace its standard members.
  return {
    ...error.details,
    type: `/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail: error.message,
    code: error.code,
    requestId,
  };
}

function sendProblem(res: Response, problem: Problem): void {
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="phoenix"');
  if (problem.status === 503 || problem.status === 429) res.setHeader('Retry-After', String(problem.retryAfter ?? 1));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** body-parser's own errors, which carry a 4xx `status` and a `type`. */
function fromBodyParser(error: { type?: string; status?: number; message?: string }): DomainError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return new DomainError('MALFORMED_JSON', `The request body is not valid JSON: ${error.message ?? ''}`.trim());
    case 'entity.too.large':
      return new DomainError('PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit for this route');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', error.message ?? 'Unsupported encoding');
    default:
      return error.status && error.status >= 400 && error.status < 500
        ? new DomainError('VALIDATION_FAILED', error.message ?? 'Bad request')
        : null;
  }
}

/**
 * Maps every error to problem+json. Known refusals keep their code; a busy SQLite is a 503 with
 * Retry-After; anything else is logged with the request id and answered as a bare 500, with no
 * stack trace or SQL.
 */
export function errorMapper(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const requestId = String(req.id ?? '');
    const known =
      error instanceof DomainError
        ? error
        : isDatabaseBusy(error)
          ? new DomainError('DATABASE_BUSY', 'The database is busy; retry shortly')
          : fromBodyParser(error);
    if (known) {
      sendProblem(res, problemFromDomain(known, requestId));
      return;
    }
    logger.error({ err: error, requestId }, 'unhandled error');
    sendProblem(res, {
      type: '/problems/internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'The service failed to handle this request; it has been logged under the request id.',
      code: 'INTERNAL_ERROR',
      requestId,
    });
  };
}
