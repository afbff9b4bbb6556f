/** Why an input turned something away; the label of helga_gateway_input_refusals_total. */
export type RefusalReason = "not_allowed" | "too_many_connections" | "oversize" | "malformed" | "unknown_network" | "no_target" | "stopped" | "overloaded";

/** A message the input will not send, with the reason the sender is told and the log shows. */
export class InputRefusal extends Error {
  override name = "InputRefusal";
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}
