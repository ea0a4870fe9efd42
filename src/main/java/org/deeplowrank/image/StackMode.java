package org.deeplowrank.image;

import java.util.Locale;

import org.deeplowrank.keys.KeyValues;

/**
 * How an image with more than one plane (a z-stack, a time-lapse, the channels of an RGB
 * image are handled separately in both modes) becomes matrices: the value of the key
 * {@code stack}.
 */
public enum StackMode {
	/** Each 2-D plane is its own (height x width) matrix, reconstructed independently. */
	SLICES,
	/**
	 * The T planes of a channel become ONE (pixels x T) matrix, the Casorati matrix: column t
	 * is frame t, read line by line. When the frames are combinations of a few patterns (the
	 * standard model of time-lapse data) this matrix has low rank even if every frame is a
	 * full-rank picture, so a pixel missing in one frame is recovered from the others. A
	 * single plane is the same in both modes (a one-column matrix would have nothing to
	 * learn from).
	 */
	CASORATI;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The mode for a key value (case-insensitive), or the user-level error naming the choices. */
	public static StackMode parse(final String value) {
		return KeyValues.parseEnum(StackMode.class, "stack", value);
	}
}
