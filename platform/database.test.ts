import { describe, expect, it } from "vitest";
import { AUTO_SHARED_BUFFERS_MAX_MB, AUTO_SHARED_BUFFERS_MIN_MB, autoSharedBuffersMb } from "./database.js";

const MB = 1024 * 1024;

describe("autoSharedBuffersMb", () => {
  it("keeps the minimum pool for new and small databases", () => {
    expect(autoSharedBuffersMb(0)).toBe(AUTO_SHARED_BUFFERS_MIN_MB);
    expect(autoSharedBuffersMb(120 * MB)).toBe(AUTO_SHARED_BUFFERS_MIN_MB);
  });

  it("gives half of a mid-size database, rounded up to whole MB", () => {
    expect(autoSharedBuffersMb(700 * MB)).toBe(350);
    expect(autoSharedBuffersMb(301 * MB + 1)).toBe(151);
  });

  it("caps the pool for very large databases", () => {
    expect(autoSharedBuffersMb(4096 * MB)).toBe(AUTO_SHARED_BUFFERS_MAX_MB);
  });
});
