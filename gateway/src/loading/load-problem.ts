/** A webhook or sources.yml entry that cannot serve: its name, and why, for the log. */
export interface LoadProblem {
  /** The webhook's or entry's name ("entry N" for an entry without one). */
  readonly name: string;
  readonly reason: string;
}
