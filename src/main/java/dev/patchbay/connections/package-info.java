/**
 * Connections: end users' accounts at a provider, their tokens sealed at rest. Owns import (with
 * idempotency), list and get, credentials with single-flight refresh, delete with revocation, the
 * token endpoint calls (code exchange, refresh, revocation) and the per-provider counts the provider
 * resource shows. May import {@code catalog}, {@code crypto}, {@code store}, {@code audit} and the
 * outbound path of {@code verify}.
 */
package dev.patchbay.connections;
