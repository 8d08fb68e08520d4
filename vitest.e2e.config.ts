import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    exclude: ["node_modules/**", "data/**"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // One browser at a time: the machine has two cores.
    pool: "forks",
    maxWorkers: 1,
  },
});
