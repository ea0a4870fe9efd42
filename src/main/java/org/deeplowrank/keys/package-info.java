/**
 * Parsing of user-facing choice keys ({@code init=haar}, {@code center=auto}, …) with
 * messages that list the valid choices. A leaf: imports Java only, so every layer can use it.
 */
package org.deeplowrank.keys;
