import { STATUS_CODES } from 'node:http'

/**
 * An error the API answers with as is: its status and a message a client can act on. Anything
 * else thrown in a handler is a bug and answers 500 without details.
 */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** `field` is written as fastify names schema errors (`querystring/from`), so both read alike. */
export function badRequest(field: string, problem: string): ApiError {
  return new ApiError(400, `${field} ${problem}`)
}

/** Also used for rows of another partner: a 404 does not confirm that the id exists. */
export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, `${what} "${id}" not found`)
}

/**
 * A store the request needs is unreachable: transient, so the client is told when to retry
 * (DESIGN invariant 6: 503 with Retry-After, never a hang).
 */
export class DependencyUnavailableError extends ApiError {
  override name = 'DependencyUnavailableError'
  constructor(dependency: string, cause: unknown, retryAfterS = 5) {
    super(503, `${dependency} is unavailable, retry later`, { 'retry-after': String(retryAfterS) })
    this.cause = cause
  }
}

export function errorBody(statusCode: number, message: string): { error: string; message: string } {
  return { error: STATUS_CODES[statusCode] ?? 'Error', message }
}
