import { ROUTE_BRAND, type Route } from "../api/types.js";

/** True for route objects from any copy of @helga/gateway. */
export function isRoute(value: unknown): value is Route {
  return typeof value === "object" && value !== null && (value as Partial<Record<typeof ROUTE_BRAND, unknown>>)[ROUTE_BRAND] === true;
}

/**
 * A module's routes: its default export first, then its named exports in name order (a
 * module namespace lists them sorted, not in source order); arrays keep their own order.
 * For a precise order, export one array. A route exported twice counts once.
 */
export function collectRoutes(namespace: Readonly<Record<string, unknown>>): Route[] {
  const names = Object.keys(namespace).filter((name) => name !== "default");
  const values = ["default" in namespace ? namespace.default : undefined, ...names.map((name) => namespace[name])];
  const routes = values.flatMap((value) => (Array.isArray(value) ? value : [value])).filter(isRoute);
  return [...new Set(routes)];
}
