/** The HTTP API: build it around already-open stores (api/server.ts is the deployable that opens them). */
export { buildApi, type ApiDeps } from './app.js'
export { ApiError, DependencyUnavailableError } from './errors.js'
