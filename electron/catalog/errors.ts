// Errors the core throws that a host reports as the caller's mistake rather than a failure.

/** The id names nothing in this archive (HTTP 404). */
export class NotFoundError extends Error {}
/** The request is well-formed but not possible now (HTTP 409). */
export class ConflictError extends Error {}
/** The request refers to things that do not fit together, e.g. a damage term used as a class (HTTP 400). */
export class InvalidRequestError extends Error {}
