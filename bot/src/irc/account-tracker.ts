/** Services accounts of the nicks we have seen, as the server reported them (extended-join, account-notify, account-tag). */
export class AccountTracker {
  readonly #accounts = new Map<string, string>();
  readonly #key: (nick: string) => string;

  constructor(key: (nick: string) => string) {
    this.#key = key;
  }

  get(nick: string): string | undefined {
    return this.#accounts.get(this.#key(nick));
  }

  set(nick: string, account: string): void {
    this.#accounts.set(this.#key(nick), account);
  }

  delete(nick: string): void {
    this.#accounts.delete(this.#key(nick));
  }

  rename(from: string, to: string): void {
    const account = this.get(from);
    this.delete(from);
    if (account !== undefined) this.set(to, account);
  }

  clear(): void {
    this.#accounts.clear();
  }
}
