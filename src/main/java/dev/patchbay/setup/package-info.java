/**
 * The setup use cases: read and list providers with their setup state, set up (with the mask round
 * trip) and reset. Validates, seals secrets, stores, and keeps the in-memory view of every provider
 * exactly in step with the store. May import {@code catalog}, {@code crypto} and {@code store}.
 */
package dev.patchbay.setup;
