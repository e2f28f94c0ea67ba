package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.audit.AuditEvent;
import dev.patchbay.audit.AuditLog;
import dev.patchbay.audit.AuditPage;
import dev.patchbay.catalog.ProviderDescriptor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v1/admin/audit-events}: who changed which provider, when; newest first, cursor-paged. */
final class AuditRoutes {
    static final String ROOT = "/v1/admin/audit-events";
    private static final Set<String> KNOWN = Set.of("provider_slug", "connection_id", "limit", "cursor");

    private final AuditLog audit;
    private final ObjectMapper json;

    AuditRoutes(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** The audit trail is read from the store, on {@code blocking}. */
    void register(RoutesConfig routes, BlockingWork blocking) {
        Reads.register(routes, ROOT, blocking.offload(this::list));
    }

    private void list(Context ctx) throws JsonProcessingException {
        Map<String, List<String>> params = ctx.queryParamMap();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!KNOWN.contains(param.getKey()) || param.getValue().size() != 1) {
                throw bad("known query parameters, each at most once: provider_slug, connection_id, limit, cursor");
            }
        }
        String slug = ctx.queryParam("provider_slug");
        if (slug != null && !ProviderDescriptor.SLUG.matcher(slug).matches()) {
            throw bad("provider_slug is not a valid slug");
        }
        String connection = ctx.queryParam("connection_id");
        if (connection != null && Uuids.parse(connection) == null) {
            throw bad("connection_id is not a connection id");
        }
        int limit = PageLimit.parse(ctx.queryParam("limit"), AuditLog.DEFAULT_LIMIT, AuditLog.MAX_LIMIT);
        AuditPage page = audit.list(slug, connection, cursor(ctx.queryParam("cursor")), limit);
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (AuditEvent event : page.events()) {
            ObjectNode node = data.addObject();
            node.put("id", event.id());
            node.put("occurred_at", event.occurredAt().toString());
            node.put("action", event.action());
            node.put("provider_slug", event.providerSlug());
            node.put("actor", event.actor());
            node.put("request_id", event.requestId());
            node.put("revision", event.revision());
            ArrayNode fields = node.putArray("changed_fields");
            event.changedFields().forEach(fields::add);
            node.put("connection_id", event.connectionId());
            if (event.connectionsDisconnected() != null) {
                node.put("connections_disconnected", event.connectionsDisconnected());
            }
        }
        body.putObject("meta").put("next_cursor", page.nextBeforeId() == null ? null : Long.toString(page.nextBeforeId()));
        ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    }

    private static Long cursor(String value) {
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // same answer as a non-positive id
        }
        throw bad("cursor is not a next_cursor value returned by this API");
    }

    private static HttpProblem bad(String detail) {
        return new HttpProblem(ProblemType.BAD_REQUEST, detail);
    }
}
