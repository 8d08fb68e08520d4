import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { archiveSignature, safeFileName } from "./uploads.js";

describe("upload guards", () => {
  it("recognises archives and compressed data by their first bytes", () => {
    expect(archiveSignature(gzipSync(Buffer.from("x")))).toBe("gzip");
    expect(archiveSignature(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe("ZIP");
    expect(archiveSignature(Buffer.from("id,kind,title\n"))).toBeUndefined();
    expect(archiveSignature(Buffer.from("%PDF-1.4"))).toBeUndefined();
  });

  it("keeps only a safe base name of an uploaded file", () => {
    expect(safeFileName("../../etc/passwd")).toBe("passwd");
    expect(safeFileName("C:\\Users\\eeva\\palvelut.csv")).toBe("palvelut.csv");
    expect(safeFileName("a<script>.csv")).toBe("a_script_.csv");
    expect(safeFileName("")).toBe("upload");
  });
});
