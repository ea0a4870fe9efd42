package org.deeplowrank.solver;

import java.util.Objects;

/**
 * Which matrix a plane is completed as, and the patches of the Hankel lifting
 * ({@link LiftedCompletion}); immutable, part of {@link SolverSettings}. The patch and
 * stride are checked against the image when it is lifted ({@code HankelLifting}: their
 * valid range depends on the image size).
 */
public final class LiftingSettings {

	private final Lifting kind;
	private final int patch, stride;

	LiftingSettings(final Lifting kind, final int patch, final int stride) {
		this.kind = kind;
		this.patch = patch;
		this.stride = stride;
	}

	/** The image itself, or its patch matrix. */
	public Lifting kind() {
		return kind;
	}

	/** Whether the plane is lifted to its patch matrix. */
	public boolean hankel() {
		return kind == Lifting.HANKEL;
	}

	/** Patch side p (the lifted matrix has p² rows). */
	public int patch() {
		return patch;
	}

	/** Distance between patch positions, 1 ≤ stride ≤ p. */
	public int stride() {
		return stride;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof LiftingSettings)) return false;
		final LiftingSettings l = (LiftingSettings) o;
		return kind == l.kind && patch == l.patch && stride == l.stride;
	}

	@Override
	public int hashCode() {
		return Objects.hash(kind, patch, stride);
	}

	/** "hankel patches of 8 x 8 (stride 1)", or "none". */
	@Override
	public String toString() {
		return hankel() ? "hankel patches of " + patch + " x " + patch + " (stride " + stride + ")" : kind.key();
	}
}
