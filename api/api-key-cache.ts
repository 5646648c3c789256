import type { Actor } from '../domain/commands';

/** What a valid API key stands for, as read from the database. */
export interface KeyHolder {
  keyId: string;
  actor: Actor;
}

export interface ApiKeyCacheOptions {
  /** How long a key read from the database is trusted; 0 reads it on every request. */
  ttlMs: number;
  /** Keys kept at most; the least recently used goes first. */
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_API_KEY_CACHE_TTL_MS = 5_000;
export const DEFAULT_API_KEY_CACHE_ENTRIES = 10_000;

/** Every cache of this process, so that a revocation here reaches them all at once. */
const liveCaches = new Set<WeakRef<ApiKeyCache>>();

/** Called by `revokeApiKey`: no cache of this process answers for the key any more. */
export function forgetRevokedKey(keyId: string): void {
  for (const ref of liveCaches) {
    const cache = ref.deref();
    if (cache) cache.forgetKey(keyId);
    else liveCaches.delete(ref);
  }
}

/**
 * Valid API keys read in the last `ttlMs`, by the key's SHA-256, so that a burst of requests
 * reads its key once. A revocation in this process (`revokeApiKey`) drops the key at once; one
 * in another process, or a change of the user's role or organization, is seen when the entry
 * expires: at most `ttlMs` after the read that filled it began. Unknown and revoked keys are
 * never kept, so a newly issued key is never refused from memory and a flood of guesses cannot
 * grow it; the address rate limit bounds what those guesses cost the database.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { holder: KeyHolder; expiresAt: number }>();
  /** Reads under way, so that concurrent requests with one key share a query. */
  private readonly reading = new Map<string, Promise<KeyHolder | null>>();
  /** Counts revocations, so that a read begun before one is not kept after it. */
  private revocations = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ApiKeyCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? DEFAULT_API_KEY_CACHE_ENTRIES;
    this.now = options.now ?? Date.now;
    if (this.ttlMs > 0) liveCaches.add(new WeakRef(this));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The key's holder, from memory while fresh, else from `read` (null: unknown or revoked). */
  async holderOf(keyHash: string, read: () => Promise<KeyHolder | null>): Promise<KeyHolder | null> {
    if (this.ttlMs <= 0) return read();
    const cached = this.entries.get(keyHash);
    if (cached && cached.expiresAt > this.now()) {
      // Map order is the eviction order: a key in use moves to the back.
      this.entries.delete(keyHash);
      this.entries.set(keyHash, cached);
      return cached.holder;
    }
    if (cached) this.entries.delete(keyHash);
    const underWay = this.reading.get(keyHash);
    if (underWay) return underWay;
    const reading = this.readAndKeep(keyHash, read);
    this.reading.set(keyHash, reading);
    try {
      return await reading;
    } finally {
      if (this.reading.get(keyHash) === reading) this.reading.delete(keyHash);
    }
  }

  forgetKey(keyId: string): void {
    this.revocations++;
    // A read under way may have seen the key before its revocation: later requests read again.
    this.reading.clear();
    for (const [hash, entry] of this.entries) if (entry.holder.keyId === keyId) this.entries.delete(hash);
  }

  private async readAndKeep(keyHash: string, read: () => Promise<KeyHolder | null>): Promise<KeyHolder | null> {
    const startedAt = this.now();
    const revocationsBefore = this.revocations;
    const holder = await read();
    if (holder && this.revocations === revocationsBefore) {
      this.entries.set(keyHash, { holder, expiresAt: startedAt + this.ttlMs });
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return holder;
  }
}
