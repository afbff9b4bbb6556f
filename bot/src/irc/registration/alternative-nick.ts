/**
 * The nick to try after `attempt` refusals of `base` (in use or too long): `helga_`,
 * `helga__`, then the base cut to fit 9 characters (RFC 1459's limit) with 3 random digits.
 */
export function alternativeNick(base: string, attempt: number, random: () => number = Math.random): string {
  if (attempt <= 0) return base;
  if (attempt <= 2) return base + "_".repeat(attempt);
  const digits = String(Math.floor(random() * 1000)).padStart(3, "0");
  return base.slice(0, 6) + digits;
}
