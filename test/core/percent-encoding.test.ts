import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeLossy, encodeValue } from "../../src/core/percent-encoding.js";

// The JS UTF-8 paths must agree exactly with TextDecoder / TextEncoder.

const reference = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const referenceEncode = (value: string): string =>
  [...new TextEncoder().encode(value)]
    .map((b) => {
      const plain =
        b === 0x21 ||
        (b >= 0x23 && b <= 0x2b && b !== 0x25) ||
        (b >= 0x2d && b <= 0x3a) ||
        (b >= 0x3c && b <= 0x5b) ||
        (b >= 0x5d && b <= 0x7e);
      return plain ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
const escaped = (bytes: readonly number[]): string =>
  bytes.map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

describe("percent-encoding: UTF-8 in JS agrees with TextDecoder and TextEncoder", () => {
  const byte = fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff),
  );

  it("decodes any octets as TextDecoder does, short (JS) and long (TextDecoder)", () => {
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 80 }), (bytes) => {
        expect(decodeLossy(escaped(bytes))).toBe(reference.decode(new Uint8Array(bytes)));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["bom", [0xef, 0xbb, 0xbf, 0x41]],
    ["truncatedThenAscii", [0xe2, 0x82, 0x41]],
    ["surrogate", [0xed, 0xa0, 0x80]],
    ["overlong", [0xc0, 0xaf]],
    ["aboveMax", [0xf4, 0x90, 0x80, 0x80]],
    ["fourByte", [0xf0, 0x9f, 0x98, 0x80]],
    ["truncatedAtEnd", [0xf0, 0x9f, 0x98]],
  ])("decodes %s as TextDecoder does", (_name, bytes) => {
    expect(decodeLossy(escaped(bytes))).toBe(reference.decode(new Uint8Array(bytes)));
  });

  it("encodes any string as TextEncoder does, lone surrogates included", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 30 }),
          fc.string({ unit: "grapheme", maxLength: 30 }),
          fc.string({
            unit: fc.constantFrom("\uD800", "\uDFFF", "a", "%", " ", "é", "😀", "\u0800"),
            maxLength: 30,
          }),
        ),
        (value) => {
          expect(encodeValue(value)).toBe(referenceEncode(value));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
