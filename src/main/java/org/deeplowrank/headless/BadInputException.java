package org.deeplowrank.headless;

/**
 * A problem with what the user asked for (a key, a value, a file): reported as one line
 * {@code error: <message>} with exit status 2, never with a stack trace, because the fix
 * is on the user's side and the message says what it is.
 */
final class BadInputException extends Exception {

	private static final long serialVersionUID = 1L;

	BadInputException(final String message) {
		super(message);
	}
}
