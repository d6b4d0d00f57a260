/**
 * SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104) in plain TypeScript, synchronous: the keyed ids,
 * AccessionNumber hashes, UIDs, date shifts and report references are computed per element or per
 * file, in Node and in a browser alike, where WebCrypto would force every caller to be async. A
 * digest is worked out in place: a file of a run costs a few of them, and allocating a padded copy
 * and a message schedule for each took as long as the hashing.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK = 64;
const encoder = new TextEncoder();

/** The message schedule and the last, padded block: one of each per thread, reused by every digest. */
const W = new Uint32Array(64);
const TAIL = new Uint8Array(2 * BLOCK);

/** Folds the 64-byte block of `bytes` at `at` into the chaining state `h`. */
function compress(h: Uint32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) W[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const t1 = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = h[0]! + a;
  h[1] = h[1]! + b;
  h[2] = h[2]! + c;
  h[3] = h[3]! + d;
  h[4] = h[4]! + e;
  h[5] = h[5]! + f;
  h[6] = h[6]! + g;
  h[7] = h[7]! + hh;
}

/**
 * Hashes `data` on from the state `h` (after `before` bytes already folded in, a whole number of
 * blocks) to the end, padding included; `h` then holds the digest's words.
 */
function finish(h: Uint32Array, data: Uint8Array, before: number): void {
  const whole = data.length - (data.length % BLOCK);
  for (let at = 0; at < whole; at += BLOCK) compress(h, data, at);
  // The rest, a 1 bit, zeros, then the bit length as 64 bits: one or two blocks.
  const rest = data.length - whole;
  const blocks = rest + 9 > BLOCK ? 2 : 1;
  TAIL.fill(0);
  TAIL.set(data.subarray(whole));
  TAIL[rest] = 0x80;
  const bits = (before + data.length) * 8;
  const end = blocks * BLOCK;
  const high = Math.floor(bits / 0x1_0000_0000);
  TAIL[end - 8] = high >>> 24;
  TAIL[end - 7] = high >>> 16;
  TAIL[end - 6] = high >>> 8;
  TAIL[end - 5] = high;
  TAIL[end - 4] = bits >>> 24;
  TAIL[end - 3] = bits >>> 16;
  TAIL[end - 2] = bits >>> 8;
  TAIL[end - 1] = bits;
  for (let at = 0; at < end; at += BLOCK) compress(h, TAIL, at);
}

function bytesOf(h: Uint32Array, out: Uint8Array): Uint8Array {
  for (let i = 0; i < 8; i++) {
    const word = h[i]!;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = word >>> 16;
    out[i * 4 + 2] = word >>> 8;
    out[i * 4 + 3] = word;
  }
  return out;
}

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  const h = INITIAL.slice();
  finish(h, data, 0);
  return bytesOf(h, new Uint8Array(32));
}

/** A key prepared once for many HMAC-SHA-256 digests. */
export interface SyncHmac {
  /** HMAC-SHA-256 of `message` (text is taken as UTF-8). */
  digest(message: string | Uint8Array): Uint8Array;
}

/**
 * HMAC-SHA-256 with `key` (RFC 2104). The key's inner and outer blocks are hashed once, here: each
 * digest then starts from their states.
 * @example createHmacSha256(key).digest('dicomveil/value/v1\u0000AccessionNumber\u0000A1')
 */
export function createHmacSha256(key: Uint8Array): SyncHmac {
  const block = new Uint8Array(BLOCK);
  block.set(key.length > BLOCK ? sha256(key) : key);
  const innerStart = INITIAL.slice();
  compress(innerStart, block.map((byte) => byte ^ 0x36), 0);
  const outerStart = INITIAL.slice();
  compress(outerStart, block.map((byte) => byte ^ 0x5c), 0);
  const state = new Uint32Array(8);
  const innerDigest = new Uint8Array(32);
  return {
    digest(message) {
      const bytes = typeof message === 'string' ? encoder.encode(message) : message;
      state.set(innerStart);
      finish(state, bytes, BLOCK);
      bytesOf(state, innerDigest);
      state.set(outerStart);
      finish(state, innerDigest, BLOCK);
      return bytesOf(state, new Uint8Array(32));
    },
  };
}
