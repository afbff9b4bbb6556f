/** A line as an IRC client without colours or formatting shows it. */
export const plain = (line: string) => line.replace(/\x03\d{0,2}(,\d{1,2})?/g, "").replace(/[\x02\x0f\x11\x1d\x1e\x1f]/g, "");
