/**
 * The provider catalog: loads built-in and operator-supplied YAML descriptors into immutable
 * {@link dev.patchbay.catalog.ProviderDescriptor} records with a compiled config schema, and answers
 * lookups and filtered listings. Imports no other Patchbay package.
 */
package dev.patchbay.catalog;
