/**
 * Persistence: the SQLite (and later PostgreSQL) database behind JDBI, HikariCP and Flyway
 * migrations. Rows are records of text, bytes and instants; secrets arrive here as ciphertext only.
 * Imports no other Patchbay package; the only package that imports JDBI, Flyway or JDBC drivers.
 */
package dev.patchbay.store;
