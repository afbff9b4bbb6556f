import { decodeControlEvent, type ControlEvent, type Logger, type Redis } from "@helga/shared";

type Listener = (event: ControlEvent) => void;

/** The control pub/sub channel, on a subscriber connection of its own; events are validated on arrival. */
export class ControlBus {
  readonly #subscriber: Redis;
  readonly #channel: string;
  readonly #logger: Logger;
  readonly #listeners = new Set<Listener>();

  constructor(subscriber: Redis, channel: string, logger: Logger) {
    this.#subscriber = subscriber;
    this.#channel = channel;
    this.#logger = logger;
    subscriber.on("message", (channelName: string, payload: string) => {
      if (channelName !== this.#channel) return;
      let event: ControlEvent;
      try {
        event = decodeControlEvent(payload);
      } catch (error) {
        this.#logger.warn({ err: error instanceof Error ? error.message : String(error) }, "ignored an invalid control event");
        return;
      }
      for (const listener of this.#listeners) listener(event);
    });
  }

  async start(): Promise<void> {
    await this.#subscriber.subscribe(this.#channel);
  }

  /** Calls `listener` for every event until the returned function is called. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#listeners.clear();
    this.#subscriber.disconnect();
  }
}
