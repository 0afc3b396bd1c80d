import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

/** Unit and component tests (jsdom); end-to-end tests live in e2e/ and run in Chromium. */
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": new URL("./", import.meta.url).pathname } },
  test: {
    environment: "jsdom",
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
  },
});
