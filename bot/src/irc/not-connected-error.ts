/** A line or a fence that cannot go out: no IRC connection, or not the one the caller started on. */
export class NotConnectedError extends Error {
  override name = "NotConnectedError";
  constructor(message = "not connected to IRC") {
    super(message);
  }
}
