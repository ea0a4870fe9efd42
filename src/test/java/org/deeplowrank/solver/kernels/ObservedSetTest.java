package org.deeplowrank.solver.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The Ω index shared by both precisions: its row (CSR) and column orders, and what it refuses. */
class ObservedSetTest {

	@Test
	void rowAndColumnOrdersOfASmallSet() {
		// 3 x 4, Ω = (0,1) (0,3) (2,0) (2,1): flat 1, 3, 8, 9; row 1 empty
		final double[] y = { 10, 30, 80, 90 };
		final ObservedSet s = new ObservedSet(3, 4, new int[] { 1, 3, 8, 9 }, y);
		assertEquals(4, s.size());
		assertArrayEquals(new int[] { 0, 2, 2, 4 }, s.rowStart);
		assertArrayEquals(new int[] { 1, 3, 0, 1 }, s.col);
		// column 0: entry 2 (row 2); column 1: entries 0 (row 0), 3 (row 2); column 2: none; column 3: entry 1 (row 0)
		assertArrayEquals(new int[] { 0, 1, 3, 3, 4 }, s.colStart);
		assertArrayEquals(new int[] { 2, 0, 2, 0 }, s.colRow);
		assertArrayEquals(new int[] { 2, 0, 3, 1 }, s.colEntry);
		assertArrayEquals(y, s.values, 0);
	}

	@Test
	void refusesMismatchedValuesAndUnsortedOrOutsideIndices() {
		assertEquals("Ω has 3 entries but 2 values", assertThrows(IllegalArgumentException.class, () -> new ObservedSet(2,
			2, new int[] { 0, 1, 2 }, new double[2])).getMessage());
		assertEquals("Ω indices must ascend within the matrix", assertThrows(IllegalArgumentException.class,
			() -> new ObservedSet(2, 2, new int[] { 1, 1 }, new double[2])).getMessage());
		assertEquals("Ω indices must ascend within the matrix", assertThrows(IllegalArgumentException.class,
			() -> new ObservedSet(2, 2, new int[] { 0, 4 }, new double[2])).getMessage());
	}
}
