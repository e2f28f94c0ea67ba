/**
 * The proxy: forwards a request to a provider's API as one connection. Owns path safety, which
 * headers pass each way, where the credential goes, the 401 → refresh → retry and the opt-in retries
 * of 429/5xx, and streaming both bodies through one shared upstream client. May import
 * {@code connections}, {@code catalog}, {@code verify} (the address guard and name resolver) and,
 * from {@code crypto}, only {@code Secret}; never {@code http}.
 */
package dev.patchbay.proxy;
