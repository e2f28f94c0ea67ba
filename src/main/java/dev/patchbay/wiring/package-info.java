/**
 * The composition root: reads {@link dev.patchbay.wiring.Settings} from {@code PATCHBAY_*}
 * variables, opens the catalog, master key and store, builds the services and the HTTP server, and
 * owns start and stop order. Imports every other package; only {@code cli} and tests import it.
 */
package dev.patchbay.wiring;
