import { route } from "@helga/gateway";

// GET /hello → "Hello, world"
export default route("/hello$", () => "Hello, world");
