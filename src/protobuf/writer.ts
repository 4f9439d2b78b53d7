/**
 * A protobuf wire-format writer over one growable byte buffer: varints,
 * fixed 32/64-bit words, doubles, UTF-8 strings and length-delimited
 * messages. A nested message is written in place after a one-byte length
 * placeholder; when its length needs more bytes, the message is moved up
 * once (`copyWithin`), so nothing is measured twice.
 * @see https://protobuf.dev/programming-guides/encoding/
 * @module
 */

import type { Halves } from "./int64.js";

/** Bytes a varint of an unsigned 32-bit value takes. */
export function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** Appends protobuf fields to a buffer that grows as needed. */
export class ProtobufWriter implements Halves {
  bytes: Uint8Array<ArrayBuffer> = new Uint8Array(4096);
  pos = 0;
  /** Scratch halves of the 64-bit value being written (see `splitInt64`). */
  lo = 0;
  hi = 0;
  /** Scratch for doubles, reused: one Float64 seen as its eight bytes. */
  readonly #float = new Float64Array(1);
  readonly #floatBytes = new Uint8Array(this.#float.buffer);
  readonly #text = new TextEncoder();

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + n));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }

  /** A field's key: its number and wire type. */
  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  /** An unsigned varint below 2^32. */
  uint32(value: number): void {
    this.reserve(5);
    const b = this.bytes;
    let v = value >>> 0;
    while (v > 0x7f) {
      b[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[this.pos++] = v;
  }

  /** A 64-bit varint from its halves (two's complement for negatives: ten bytes). */
  varint64(lo: number, hi: number): void {
    if (hi === 0) {
      this.uint32(lo);
      return;
    }
    this.reserve(10);
    const b = this.bytes;
    while (hi > 0 || lo > 0x7f) {
      b[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    b[this.pos++] = lo;
  }

  /** A little-endian 32-bit word. */
  fixed32(value: number): void {
    this.reserve(4);
    const b = this.bytes;
    b[this.pos++] = value & 0xff;
    b[this.pos++] = (value >>> 8) & 0xff;
    b[this.pos++] = (value >>> 16) & 0xff;
    b[this.pos++] = (value >>> 24) & 0xff;
  }

  /** A little-endian 64-bit word from its halves. */
  fixed64(lo: number, hi: number): void {
    this.fixed32(lo);
    this.fixed32(hi);
  }

  /** An IEEE 754 double, NaN and the infinities included. */
  double(value: number): void {
    this.#float[0] = value;
    this.reserve(8);
    this.bytes.set(this.#floatBytes, this.pos);
    this.pos += 8;
  }

  /**
   * A length-prefixed UTF-8 string. Lone surrogates become U+FFFD, as
   * `TextEncoder` writes them. Short strings are written by hand, long
   * ones by `TextEncoder.encodeInto`; either way into the buffer directly.
   */
  string(value: string): void {
    const n = value.length;
    // The prefix is sized for the longest UTF-8 the string can take (3 bytes per unit).
    const prefix = varintSize(n * 3);
    // And room for the prefix's own write, so that never grows (and loses) the string.
    this.reserve(prefix + n * 3 + 5);
    const start = this.pos + prefix;
    const end =
      n > 64
        ? start + this.#text.encodeInto(value, this.bytes.subarray(start)).written
        : utf8(value, this.bytes, start);
    const length = end - start;
    const needed = varintSize(length);
    if (needed < prefix) this.bytes.copyWithin(this.pos + needed, start, end);
    this.uint32(length);
    this.pos += length;
  }

  /** Raw bytes with a length prefix. */
  byteString(value: Uint8Array): void {
    this.uint32(value.length);
    this.reserve(value.length);
    this.bytes.set(value, this.pos);
    this.pos += value.length;
  }

  /**
   * Starts a length-delimited message: one byte is kept for its length.
   * @returns where the message's body starts, for {@link end}.
   */
  begin(): number {
    this.reserve(1);
    return ++this.pos;
  }

  /** Ends the message {@link begin} started: writes its length, moving it up if the length needs more than one byte. */
  end(start: number): void {
    const length = this.pos - start;
    if (length < 0x80) {
      this.bytes[start - 1] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.reserve(extra);
    this.bytes.copyWithin(start + extra, start, this.pos);
    this.pos = start - 1;
    this.uint32(length);
    this.pos += length;
  }

  /** @returns the bytes written so far. */
  finish(): Uint8Array<ArrayBuffer> {
    return this.bytes.slice(0, this.pos);
  }
}

/** UTF-8 by hand: faster than a `TextEncoder` call for the short strings most fields hold. */
function utf8(value: string, b: Uint8Array, at: number): number {
  let p = at;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) {
      b[p++] = c;
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = value.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          b[p++] = 0xf0 | (c >> 18);
          b[p++] = 0x80 | ((c >> 12) & 0x3f);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}
