package dev.patchbay.audit;

import java.util.List;

/** One page of events, newest first, and the id to continue below (null on the last page). */
public record AuditPage(List<AuditEvent> events, Long nextBeforeId) {
    public AuditPage {
        events = List.copyOf(events);
    }
}
