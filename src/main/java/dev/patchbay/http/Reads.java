package dev.patchbay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * Registers a read for GET and HEAD alike. Left alone, Javalin answers HEAD on a GET path with an
 * empty 200 of its own, without asking the handler, so a HEAD of a missing provider said 200. Here
 * HEAD gets GET's status and headers; Jetty sends no body with it.
 */
final class Reads {
    private Reads() {
    }

    static void register(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }
}
