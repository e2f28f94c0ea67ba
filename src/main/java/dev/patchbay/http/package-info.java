/**
 * The HTTP interface: the Javalin app, one route class per URL root, the shortcut on Jetty's core API
 * that answers the polled read of one provider in front of Javalin, the API-key filter, request ids, body guards and the one {@link dev.patchbay.http.ProblemMapper} that turns every failure into
 * problem+json; also the OpenAPI document, the Swagger UI page and the Prometheus metrics, which are
 * derived from finished exchanges. Routes parse input, call one service method and render the
 * result. May import {@code setup}, {@code connect}, {@code auth}, {@code catalog}, {@code verify} (for its result
 * types) and {@code store} (for its failure type); the only package that imports Javalin and the
 * Prometheus client.
 */
package dev.patchbay.http;
