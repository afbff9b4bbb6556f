/**
 * The line that identifies us to NickServ on networks without SASL: `IDENTIFY <account> <password>`
 * names the account, so it works while we still wear a fallback nick. Never log it.
 */
export function nickServIdentifyLine(account: string, password: string): string {
  if (/[\s\0]/.test(account + password)) throw new TypeError("NickServ account and password must be single words");
  return `PRIVMSG NickServ :IDENTIFY ${account} ${password}`;
}
