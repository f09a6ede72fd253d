// GuardDuty error answers as the AWS SDKs read them (shared/reference protocols.md §3.2): the
// exception name in the x-amzn-ErrorType header, body {message, __type, type}. The modelled
// exceptions keep their HTTP status; authentication failures use the names AWS's front end gives
// (UnrecognizedClientException, InvalidSignatureException, ...), which the SDK surfaces as
// GuardDutyServiceException with that name.

import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export type GuardDutyErrorName =
  | 'BadRequestException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'InternalServerErrorException'
  | 'UnknownOperationException'
  | 'TooManyRequestsException'
  // Authentication (not in the GuardDuty model; what AWS answers before the service sees the call).
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException';

const STATUS: Record<GuardDutyErrorName, number> = {
  BadRequestException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  InternalServerErrorException: 500,
  UnknownOperationException: 404,
  TooManyRequestsException: 429,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
};

export class GuardDutyError extends Error {
  readonly status: number;
  /** The body's `type` member (GuardDuty uses e.g. InvalidInputException for a BadRequestException). */
  readonly type: string | undefined;
  constructor(readonly errorName: GuardDutyErrorName, message: string, type?: string) {
    super(message);
    this.name = 'GuardDutyError';
    this.status = STATUS[errorName];
    this.type = type;
  }
}

/** 400 BadRequestException, type InvalidInputException: what GuardDuty answers for a bad parameter. */
export function badRequest(message: string): GuardDutyError {
  return new GuardDutyError('BadRequestException', message, 'InvalidInputException');
}

/** GuardDuty answers an unknown detector, filter or list with a 400, not a 404. */
export function noSuchDetector(): GuardDutyError {
  return badRequest('The request is rejected because the input detectorId is not owned by the current account.');
}

export function noSuchResource(what: string): GuardDutyError {
  return badRequest(`The request is rejected since no such resource found: ${what}.`);
}

export function sendGuardDutyError(reply: FastifyReply, err: GuardDutyError, requestId: string = randomUUID()): FastifyReply {
  const body: Record<string, string> = { message: err.message, __type: err.errorName };
  if (err.type) body.type = err.type;
  if (err.errorName === 'TooManyRequestsException') reply.header('retry-after', '1');
  return reply
    .code(err.status)
    .header('x-amzn-errortype', err.errorName)
    .header('x-amzn-requestid', requestId)
    .type('application/json')
    .send(JSON.stringify(body));
}
