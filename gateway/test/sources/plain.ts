/** A line as an IRC client without colours shows it. */
export const plain = (line: string) => line.replace(/\x03\d{0,2}/g, "").replace(/[\x02\x0f\x1d\x1f]/g, "");
