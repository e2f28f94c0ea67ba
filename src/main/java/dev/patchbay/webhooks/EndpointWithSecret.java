package dev.patchbay.webhooks;

import dev.patchbay.crypto.Secret;

/** An endpoint with the signing secret just created for it: the one answer that shows the secret. */
public record EndpointWithSecret(WebhookEndpoint endpoint, Secret secret) {
}
