package dev.patchbay.catalog;

/**
 * The OAuth 2.0 endpoints of a provider. A URL may hold a {@code {property}} placeholder that the
 * setup's own configuration fills in (a Shopify shop domain, an Okta org domain).
 */
public record OAuthEndpoints(String authorizationUrl, String tokenUrl) {
}
