// Idempotency keys the client makes up when a creating call gets none, so that its own retries never
// open a second ticket.

/** The part of Web Crypto the keys need (browsers, workers and Node 20 all have it as `globalThis.crypto`). */
interface RandomSource {
  readonly randomUUID?: () => string;
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** A random key: a UUID from Web Crypto, or 128 random bits as hex where `randomUUID` is missing (insecure origins). */
export function newIdempotencyKey(): string {
  const crypto = (globalThis as { readonly crypto?: RandomSource }).crypto;
  if (!crypto) throw new Error('No Web Crypto to make an idempotency key: pass `idempotencyKey` yourself.');
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
