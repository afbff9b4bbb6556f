/**
 * @helga/gateway/testing — call your routes in tests with a recording client;
 * no Redis or IRC needed.
 */
export { callRoute, createTestKit, type RouteSource, type TestKit, type TestKitOptions, type TestResponse } from "./create-test-kit.js";
export { createTestClient, type TestCall, type TestClient, type TestClientOptions } from "./create-test-client.js";
export type { TestRequest } from "./encode-test-request.js";
