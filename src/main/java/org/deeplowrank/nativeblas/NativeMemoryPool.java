package org.deeplowrank.nativeblas;

import java.util.ArrayDeque;
import java.util.Iterator;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Off-heap blocks kept after a run's kernels close, for the next run's buffers of the same
 * size (as MKL keeps its buffers between calls). glibc serves a block above its mmap
 * threshold (128 KB, raised up to 32 MB) by a fresh mapping and returns it at free, so
 * every run's rows x cols buffers were new pages: three 5 MB blocks took 8 ms to allocate and
 * zero on this machine, 0.3 ms once the memory is reused (docs/benchmarks.md, stop 26).
 * <p>
 * Bounded: at most {@link #LIMIT_BYTES} and {@link #LIMIT_BLOCKS} blocks are kept, the
 * oldest freed first; a block is reused only by a request of exactly its precision and
 * element count, and is zeroed again by its new owner. {@link #release} frees them all.
 */
final class NativeMemoryPool {

	/** Bytes kept at most (a 16 384 × 40 Casorati run's buffers are about 25 MB). */
	static final long LIMIT_BYTES = 128L << 20;
	/** Blocks kept at most. */
	static final int LIMIT_BLOCKS = 64;

	/** Oldest first. */
	private static final ArrayDeque<Pointer> KEPT = new ArrayDeque<>();
	private static long keptBytes;

	private NativeMemoryPool() {}

	/** A kept block of {@code size} floats ({@code single}) or doubles, or null (its contents are not zeroed). */
	static synchronized Pointer take(final boolean single, final long size) {
		for (final Iterator<Pointer> it = KEPT.descendingIterator(); it.hasNext();) {
			final Pointer p = it.next();
			if ((single ? p instanceof FloatPointer : p instanceof DoublePointer) && p.capacity() == size) {
				it.remove();
				keptBytes -= bytes(p);
				return p;
			}
		}
		return null;
	}

	/** Keeps {@code p} for a later {@link #take} (or frees it when it alone exceeds the limit), freeing the oldest beyond the limits. */
	static synchronized void give(final Pointer p) {
		final long b = bytes(p);
		if (b > LIMIT_BYTES) {
			p.close();
			return;
		}
		while (!KEPT.isEmpty() && (keptBytes + b > LIMIT_BYTES || KEPT.size() >= LIMIT_BLOCKS)) {
			final Pointer old = KEPT.removeFirst();
			keptBytes -= bytes(old);
			old.close();
		}
		KEPT.addLast(p);
		keptBytes += b;
	}

	/** Frees every kept block. */
	static synchronized void release() {
		for (final Pointer p : KEPT) p.close();
		KEPT.clear();
		keptBytes = 0;
	}

	/** Bytes kept now (for tests). */
	static synchronized long keptBytes() {
		return keptBytes;
	}

	private static long bytes(final Pointer p) {
		return p.capacity() * p.sizeof();
	}
}
