/**
 * IRC target syntax (RFC 2812 §2.3.1, relaxed the way real networks are): a channel or a nick.
 * No spaces, commas or control characters, so a target can never smuggle in a second
 * target or a second command.
 */
const CHANNEL = /^[#&+!][^\s,\x00-\x1f\x7f]{1,199}$/u;
const NICK = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,63}$/;

export function isChannel(target: string): boolean {
  return CHANNEL.test(target);
}

export function isIrcTarget(target: string): boolean {
  return CHANNEL.test(target) || NICK.test(target);
}

/** Why a target is refused, for a 400 that helps the webhook author; undefined when valid. */
export function describeBadTarget(target: string): string | undefined {
  if (isIrcTarget(target)) return undefined;
  if (target.length === 0) return "IRC target is empty";
  if (/[\x00-\x1f\x7f]/.test(target)) return `IRC target ${JSON.stringify(target)} contains a control character`;
  if (/[\s,]/.test(target)) return `IRC target ${JSON.stringify(target)} contains a space or comma; send to one target at a time`;
  return `IRC target ${JSON.stringify(target)} is neither a channel (#name) nor a nick`;
}
