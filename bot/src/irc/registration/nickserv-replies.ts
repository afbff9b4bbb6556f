/** IRC formatting (bold, colour, italics, underline, reverse, reset) out of a notice, for logs. */
export function plainText(text: string): string {
  return text.replace(/\x03(\d{1,2}(,\d{1,2})?)?|[\x02\x0f\x16\x1d\x1f]/g, "");
}

/**
 * What NickServ's notice says about our IDENTIFY: Atheme ("You are now identified for",
 * "Invalid password for", "is not a registered nickname") and Anope ("Password accepted",
 * "Password incorrect"). Anything else (help text, the "this nick is registered" greeting) is no answer.
 */
export function nickServVerdict(notice: string): "identified" | "refused" | undefined {
  const text = plainText(notice);
  if (/you are now (identified|recognized|logged in)|password accepted/i.test(text)) return "identified";
  if (/invalid password|password incorrect|is not (a )?registered|no such account|has been (frozen|suspended)|too many failed/i.test(text)) return "refused";
  return undefined;
}
