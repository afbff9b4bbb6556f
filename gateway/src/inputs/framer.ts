/** The most bytes one message may take on a TCP input (irccat line, irker object) or in a UDP datagram. */
export const MAX_MESSAGE_BYTES = 4096;

/** Cuts a byte stream into messages. `push` and `end` throw FrameTooLong or MalformedFrame. */
export interface Framer {
  push(chunk: Buffer): string[];
  /** The stream ended: what is left, as messages. */
  end(): string[];
}

/** A message longer than MAX_MESSAGE_BYTES: the connection is closed and nothing of it is sent. */
export class FrameTooLong extends Error {
  override name = "FrameTooLong";
  constructor(
    readonly limit: number,
    /** Whole messages that came before it in the same chunk: they are sent. */
    readonly before: readonly string[] = [],
  ) {
    super(`message longer than ${limit} bytes`);
  }
}

/** Bytes that cannot be a message of the protocol (e.g. not a JSON object for irker). */
export class MalformedFrame extends Error {
  override name = "MalformedFrame";
  constructor(
    message: string,
    readonly before: readonly string[] = [],
  ) {
    super(message);
  }
}
