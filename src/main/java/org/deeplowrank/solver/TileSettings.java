package org.deeplowrank.solver;

import java.util.Objects;

/**
 * The keys {@code tile} and {@code overlap}: whether each matrix is completed whole or in
 * overlapping tiles blended back ({@code image.TileGrid}); immutable, part of
 * {@link SolverSettings}.
 */
public final class TileSettings {

	private final int tile, overlap;

	TileSettings(final int tile, final int overlap) {
		this.tile = tile;
		this.overlap = overlap;
	}

	/** 0: each matrix whole; else the side of the tiles (entries). */
	public int tile() {
		return tile;
	}

	/** The minimum overlap of neighbouring tiles as given; 0 = {@link #defaultOverlap} (see {@link #effectiveOverlap()}). */
	public int overlap() {
		return overlap;
	}

	/** Whether the matrices are tiled. */
	public boolean tiled() {
		return tile > 0;
	}

	/** The overlap the tiles use: 0 without tiles, {@link #defaultOverlap} for the key value 0. */
	public int effectiveOverlap() {
		return tile == 0 ? 0 : overlap == 0 ? defaultOverlap(tile) : overlap;
	}

	/** The overlap the key value 0 stands for: tile/8 (at least 1), enough for the blend to hide the seams. */
	public static int defaultOverlap(final int tile) {
		return Math.max(1, tile / 8);
	}

	/**
	 * Checks tile and overlap values (0 = no tiling; overlap 0 = the default), with
	 * messages naming the keys.
	 *
	 * @throws IllegalArgumentException for a negative tile, a tile below 8 pixels or an
	 *           overlap not in [0, tile)
	 */
	public static void check(final int tile, final int overlap) {
		if (tile < 0) throw new IllegalArgumentException("bad value for 'tile': " + tile +
			" (expected 0 for no tiling, or the tile side in pixels, e.g. 1024)");
		if (overlap < 0 || tile > 0 && overlap >= tile) throw new IllegalArgumentException("bad value for 'overlap': " +
			overlap + " (expected 0 <= overlap < tile" + (tile > 0 ? " = " + tile : "") + ", e.g. tile/8)");
		if (tile > 0 && tile < 8) throw new IllegalArgumentException("bad value for 'tile': " + tile +
			" (a tile must be at least 8 pixels wide to be completed; 0 = no tiling)");
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof TileSettings && ((TileSettings) o).tile == tile && ((TileSettings) o).overlap == overlap;
	}

	@Override
	public int hashCode() {
		return Objects.hash(tile, overlap);
	}
}
