// Errors the user can fix. The CLI prints their message as one line and exits 2; anything
// else is a bug and keeps its stack (shown with --debug).
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
