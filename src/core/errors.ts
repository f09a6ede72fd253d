// The error catalog: every error Vigil reports to a user has a stable code.

export type ErrorCode =
  | 'VIGIL_BAD_JSON'
  | 'VIGIL_NOT_AUDIT'
  | 'VIGIL_BODY_TOO_LARGE'
  | 'VIGIL_UNAUTHORIZED'
  | 'VIGIL_FORBIDDEN'
  | 'VIGIL_NOT_FOUND'
  | 'VIGIL_BAD_REQUEST'
  | 'VIGIL_OVERLOADED'
  | 'VIGIL_UNSUPPORTED_MEDIA_TYPE'
  | 'VIGIL_CONFIG'
  | 'VIGIL_RULES'
  | 'VIGIL_STORE'
  | 'VIGIL_INTERNAL';

export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, status = 400, details?: Record<string, unknown>) {
    super(message);
    this.name = 'VigilError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}
