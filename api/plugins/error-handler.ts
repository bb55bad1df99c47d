import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify'
import fp from 'fastify-plugin'
import { RegistryConflictError } from '../../platform/stores/registry-store.js'
import { ApiError, errorBody } from '../errors.js'

/** Node socket errors and PostgreSQL's "cannot serve now" classes: transient, worth a retry. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P03', '53300'])

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || /timeout exceeded when trying to connect/.test(String(error))
}

/** `querystring/from must be an ISO date-time`: the field first, then what it must be. */
export function describeSchemaError(error: FastifySchemaValidationError, dataVar: string): string {
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required') return `${dataVar}/${String(params.missingProperty)} is required`
  const field = `${dataVar}${error.instancePath}`
  switch (error.keyword) {
    case 'format':
      return params.format === 'date-time'
        ? `${field} must be an ISO date-time with a time zone (e.g. 2025-06-01T00:00:00Z)`
        : `${field} must be a valid ${String(params.format)}`
    case 'enum':
      return `${field} must be one of ${(params.allowedValues as unknown[]).join(', ')}`
    case 'additionalProperties':
      return `${field} has an unknown property ${String(params.additionalProperty)}`
    default:
      return `${field} ${error.message ?? 'is invalid'}`
  }
}

/**
 * Every error leaves as `{ error, message }`. Client mistakes say which field; a store outage is a
 * 503 with Retry-After; anything unexpected is logged and answers 500 without internals.
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setSchemaErrorFormatter((errors, dataVar) => {
      const first = errors[0]
      return new Error(first ? describeSchemaError(first, dataVar) : `${dataVar} is invalid`)
    })

    app.setErrorHandler((error: FastifyError | ApiError | RegistryConflictError, request, reply) => {
      if (error instanceof ApiError) {
        if (error.statusCode >= 500) request.log.warn({ err: error.cause ?? error }, error.message)
        return reply.code(error.statusCode).headers(error.headers).send(errorBody(error.statusCode, error.message))
      }
      if (error instanceof RegistryConflictError) return reply.code(409).send(errorBody(409, error.message))
      const statusCode = 'statusCode' in error ? error.statusCode : undefined
      if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
        return reply.code(statusCode).send(errorBody(statusCode, error.message))
      }
      if (isUnavailable(error)) {
        request.log.warn({ err: error }, 'a store is unavailable')
        return reply.code(503).header('retry-after', '5').send(errorBody(503, 'a store is unavailable, retry later'))
      }
      request.log.error({ err: error }, 'request failed')
      return reply.code(500).send(errorBody(500, 'internal error; the server log has the details'))
    })

    app.setNotFoundHandler((request, reply) => {
      return reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`))
    })
  },
  { name: 'error-handler', fastify: '5.x' },
)
