import type { BotState } from "@helga/shared";

/** What the gateway knows of the shared control state. */
export interface ControlState {
  /**
   * The networks whose bot ever started (keys.networks, and live bot-state events), each with
   * its bot's last reported state; undefined while that state is not known yet.
   */
  readonly networks: ReadonlyMap<string, BotState | undefined>;
  /** keys.webhooksEnabled: absent or "1" means on. One switch for every network. */
  readonly webhooksEnabled: boolean;
}

/** helga served webhooks only after signon (here: of any network's bot); after that the persisted on/off switch decides. */
export function shouldListen({ networks, webhooksEnabled }: ControlState): boolean {
  return webhooksEnabled && [...networks.values()].some((state) => state?.signedOnAt !== undefined);
}
