import { DELIVERY_STATUSES, type DeliveryQuery, type DeliveryStatus } from "@helga/shared";

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

export class QueryError extends Error {
  override name = "QueryError";
}

/**
 * GET /deliveries' (and the console's) query string: `webhook`, `target`, `status`, `requestId`,
 * `limit` (1–500, default 50) and `after` (the previous page's `next`). Empty values are no
 * filter, so a form's blank fields can be sent as they are. A bad value throws QueryError naming it.
 */
export function parseDeliveriesQuery(params: URLSearchParams): DeliveryQuery {
  const given = (name: string) => {
    const value = params.get(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const status = given("status");
  if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status)) {
    throw new QueryError(`status: must be one of ${DELIVERY_STATUSES.join(", ")} (got ${JSON.stringify(status)})`);
  }
  const limitText = given("limit");
  const limit = limitText === undefined ? DEFAULT_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new QueryError(`limit: must be a whole number from 1 to ${MAX_PAGE} (got ${JSON.stringify(limitText)})`);
  const after = given("after");
  if (after !== undefined && !/^\d+-\d+$/.test(after)) throw new QueryError(`after: must be a delivery id from "next" (got ${JSON.stringify(after)})`);
  const query: { -readonly [K in keyof DeliveryQuery]: DeliveryQuery[K] } = { limit };
  for (const name of ["webhook", "target", "requestId"] as const) {
    const value = given(name);
    if (value !== undefined) query[name] = value;
  }
  if (status !== undefined) query.status = status as DeliveryStatus;
  if (after !== undefined) query.after = after;
  return query;
}
