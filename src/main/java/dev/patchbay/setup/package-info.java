/**
 * The setup use cases: read and list providers with their setup state, set up (with the mask round
 * trip), reset and verify. Validates, seals secrets, stores, and keeps the in-memory view of every
 * provider exactly in step with the store. May import {@code catalog}, {@code crypto}, {@code store}
 * and {@code verify}.
 */
package dev.patchbay.setup;
