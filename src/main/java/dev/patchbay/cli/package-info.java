/**
 * The command line ({@code serve}, {@code keys create|list|revoke}): parses arguments with picocli,
 * calls the wiring and services, prints results and picks exit codes. The only package that imports
 * picocli.
 */
package dev.patchbay.cli;
