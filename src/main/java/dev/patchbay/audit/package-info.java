/**
 * The audit trail as clients read it: events (names of changed fields, never values), newest first,
 * with cursor paging. Events are written by the store in the same transaction as the change they
 * record. May import {@code store}.
 */
package dev.patchbay.audit;
