package dev.patchbay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed set of files from the jar served under one path, each page and file with the same
 * security headers; a name outside the set is a 404. A missing file stops start-up rather than
 * surfacing as a broken page. Thread-safe.
 */
final class StaticFiles {
    static final String HTML = "text/html; charset=utf-8";
    static final String JS = "text/javascript; charset=utf-8";
    static final String CSS = "text/css; charset=utf-8";
    static final String PNG = "image/png";
    static final String SVG = "image/svg+xml";

    /** One file: where it is on the classpath and what it is. */
    record File(String resource, String contentType) {
    }

    private final String path;
    private final File page;
    private final Map<String, File> files;
    private final Map<String, String> headers;
    private final String missing;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    /**
     * @param path    where {@code page} is served; each of {@code files} is at {@code path/<name>}
     * @param headers sent with every answer
     * @param missing the 404 detail for a name outside {@code files}
     */
    StaticFiles(String path, File page, Map<String, File> files, Map<String, String> headers, String missing) {
        this.path = path;
        this.page = page;
        this.files = Map.copyOf(files);
        this.headers = Map.copyOf(headers);
        this.missing = missing;
        Resources.require(page.resource());
        this.files.values().forEach(file -> Resources.require(file.resource()));
    }

    void register(RoutesConfig routes) {
        Reads.register(routes, path, ctx -> serve(ctx, page));
        Reads.register(routes, path + "/{file}", ctx -> {
            File file = files.get(ctx.pathParam("file"));
            if (file == null) {
                throw new HttpProblem(ProblemType.NOT_FOUND, missing);
            }
            serve(ctx, file);
        });
    }

    private void serve(Context ctx, File file) {
        headers.forEach(ctx::header);
        ctx.contentType(file.contentType()).result(loaded.computeIfAbsent(file.resource(), Resources::bytes));
    }
}
