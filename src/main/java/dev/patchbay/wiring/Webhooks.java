package dev.patchbay.wiring;

import dev.patchbay.webhooks.Dispatcher;
import dev.patchbay.webhooks.WebhookEndpoints;

/** The webhook parts of one instance, as the composition root holds them. */
record Webhooks(LateProviderEventData providerEvents, WebhookEndpoints endpoints, Dispatcher dispatcher) {
}
