/** This replica no longer holds the bot lease: nothing more may go to IRC or be acked. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(reason: string) {
    super(`the bot lease is lost: ${reason}`);
  }
}
