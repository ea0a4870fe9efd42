package org.deeplowrank.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Java-serialized objects as files: the work files a distributed driver passes between its
 * tasks (never a user's file). Written atomically ({@link AtomicFiles}), so a retried or
 * duplicated task that writes the same file again never leaves a reader half an object.
 */
public final class SerializedFiles {

	private SerializedFiles() {}

	/** Writes {@code value} to {@code path}, atomically, creating parent folders. */
	public static void write(final Path path, final Serializable value) throws IOException {
		AtomicFiles.write(path, tmp -> {
			try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW); ObjectOutputStream o =
				new ObjectOutputStream(new BufferedOutputStream(os)))
			{
				o.writeObject(value);
			}
		});
	}

	/**
	 * Reads the object {@link #write} wrote.
	 *
	 * @throws IOException when the file cannot be read or does not hold a {@code type}
	 */
	public static <T> T read(final Path path, final Class<T> type) throws IOException {
		try (InputStream is = Files.newInputStream(path); ObjectInputStream o = new ObjectInputStream(
			new BufferedInputStream(is)))
		{
			final Object value = o.readObject();
			if (!type.isInstance(value)) {
				throw new IOException("'" + path + "' holds a " + (value == null ? "null" : value.getClass().getName()) +
					", not a " + type.getName());
			}
			return type.cast(value);
		}
		catch (final ClassNotFoundException e) {
			throw new IOException(e.getMessage(), e);
		}
	}
}
