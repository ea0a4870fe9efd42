package org.deeplowrank.solver.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a row-range body over [0, m) on a fixed fork/join pool, split into at most
 * 4 × threads contiguous chunks (always the same split for the same m and thread count).
 * The tasks are reused: nothing is allocated per call. Not reentrant.
 */
public final class ParallelRows {

	/** Computes rows [lo, hi). */
	interface Body {

		void rows(int lo, int hi);
	}

	private final int threads;
	private final ForkJoinPool pool;
	private final Chunk[] chunks;
	private final Split split = new Split();
	private Body body;
	private int m;

	ParallelRows(final int threads) {
		if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
		this.threads = threads;
		this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
		this.chunks = new Chunk[threads * 4];
		for (int i = 0; i < chunks.length; i++) chunks[i] = new Chunk();
	}

	/** Stops the pool's threads. */
	void close() {
		if (pool != null) pool.shutdown();
	}

	int threads() {
		return threads;
	}

	/** Runs {@code body} over [0, m): in parallel when {@code work} (multiply-adds) is worth it. */
	void run(final int rows, final long work, final long threshold, final Body b) {
		if (pool == null || work < threshold || rows < 2) {
			b.rows(0, rows);
			return;
		}
		// fork/join orders these writes before the tasks read them
		body = b;
		m = rows;
		split.count = Math.min(rows, chunks.length);
		split.reinitialize();
		pool.invoke(split);
		body = null;
	}

	private final class Chunk extends RecursiveAction {

		private static final long serialVersionUID = 1L;
		int index, count;

		@Override
		protected void compute() {
			body.rows((int) ((long) m * index / count), (int) ((long) m * (index + 1) / count));
		}
	}

	/** Forks the chunks and runs the first one on the calling worker. */
	private final class Split extends RecursiveAction {

		private static final long serialVersionUID = 1L;
		int count;

		@Override
		protected void compute() {
			for (int i = 1; i < count; i++) {
				final Chunk t = chunks[i];
				t.index = i;
				t.count = count;
				t.reinitialize();
				t.fork();
			}
			final Chunk first = chunks[0];
			first.index = 0;
			first.count = count;
			first.compute();
			for (int i = count - 1; i >= 1; i--) chunks[i].join();
		}
	}
}
