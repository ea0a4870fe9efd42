/**
 * The syntax of keys, the same for every front end: {@link org.deeplowrank.keys.KeyValues}
 * turns one key's text into its value ({@code depth=3}, {@code init=haar}: numbers,
 * booleans, choices and the solver's enums) with the messages users see, and
 * {@link org.deeplowrank.keys.OptionStrings} splits a whole option string
 * ({@code "mask=m.tif depth=3 keep_type"}, as the runner and ImageJ macros give it) into
 * key → text pairs. Which keys a command has is not here: {@code command.CommandKeys}
 * reads that from the commands.
 * <p>
 * A leaf: imports Java only, so every layer (the solver's enums included) can use it.
 */
package org.deeplowrank.keys;
