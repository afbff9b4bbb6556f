import type { BotState } from "@helga/shared";

/** What the gateway knows of the shared control state. */
export interface ControlState {
  readonly botState: BotState | undefined;
  /** keys.webhooksEnabled: absent or "1" means on. */
  readonly webhooksEnabled: boolean;
}

/** helga served webhooks only after signon; after that the persisted on/off switch decides. */
export function shouldListen({ botState, webhooksEnabled }: ControlState): boolean {
  return botState?.signedOnAt !== undefined && webhooksEnabled;
}
