// What every emulated Alibaba API answers with: a JSON body, or an error (HTTP status, Code,
// Message). A leaf that the product and front-door emulators share.

export type Json = Record<string, unknown>;

/** An answer the service gives as an error: HTTP status, Code, Message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
