/**
 * Connecting an account in a browser: connect sessions, the authorization request with its state
 * and PKCE verifier, and the callback that checks the state, exchanges the code and ends the flow.
 * May import {@code catalog}, {@code crypto}, {@code store}, {@code verify} (the setup's
 * configuration and its URL placeholders) and {@code connections}; never {@code http}.
 */
package dev.patchbay.connect;
