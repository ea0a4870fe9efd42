package org.deeplowrank.command;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;

import org.deeplowrank.keys.KeyValues;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.SciJavaPlugin;
import org.scijava.service.Service;

/**
 * A command's keys read straight from its {@code @Parameter} fields, for front ends that
 * run commands without a SciJava context (the ImageJ 1.x bridge, the batch): the same
 * names, labels, descriptions, choices and defaults that Fiji and the runner see, so no
 * front end has its own copy of the key table. A key's text becomes its value through
 * {@link KeyValues}, the one conversion every front end uses.
 */
public final class CommandKeys {

	/**
	 * The value of an optional image key that means "no image", as ImageJ's dialogs and
	 * recorder write it; every front end (runner, ImageJ 1.x bridge) accepts it.
	 */
	public static final String NONE = "*None*";
	/** The key of a command's input image. */
	public static final String IMAGE_KEY = "image";

	private CommandKeys() {}

	/** One input or output of a command. */
	public static final class Key {

		public final String name;
		public final Field field;
		public final String label;
		public final String description;
		/** The allowed values of a text key, empty when free. */
		public final List<String> choices;
		public final boolean required;
		public final String style;
		/** The value of a freshly constructed command. */
		public final Object defaultValue;

		Key(final Field field, final Parameter p, final Object defaultValue) {
			this.field = field;
			this.name = field.getName();
			this.label = p.label().isEmpty() ? name : p.label();
			this.description = p.description();
			this.choices = Collections.unmodifiableList(Arrays.asList(p.choices()));
			this.required = p.required();
			this.style = p.style();
			this.defaultValue = defaultValue;
		}

		public Class<?> type() {
			return field.getType();
		}

		/** An image (any ImgLib2 interval). */
		public boolean isImage() {
			return RandomAccessibleInterval.class.isAssignableFrom(field.getType());
		}

		public boolean isFile() {
			return field.getType() == File.class;
		}

		/** A folder rather than a file ({@code style = "directory"}). */
		public boolean isDirectory() {
			return isFile() && style != null && style.toLowerCase(Locale.ROOT).contains("directory");
		}

		public boolean isBoolean() {
			return field.getType() == boolean.class || field.getType() == Boolean.class;
		}

		/** Declared by the command class itself (mask, input ...) rather than shared (depth, ...). */
		public boolean isOwnKey(final Class<?> command) {
			return field.getDeclaringClass() == command;
		}

		public Object get(final Object command) {
			try {
				return field.get(command);
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}

		public void set(final Object command, final Object value) {
			try {
				field.set(command, value);
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}

		/** The key's value from its text, see {@link KeyValues#parse}. */
		public Object parse(final String text) {
			return KeyValues.parse(name, field.getType(), choices, text);
		}

		@Override
		public String toString() {
			return name;
		}
	}

	/** The user-settable inputs, in SciJava's order (superclass fields first). */
	public static List<Key> inputs(final Class<?> command) {
		return keys(command, false);
	}

	/** The outputs, in SciJava's order. */
	public static List<Key> outputs(final Class<?> command) {
		return keys(command, true);
	}

	/**
	 * The inputs in the order users read them (dialogs, {@code --help}, messages): the input
	 * image first, then the keys of the most specific class (mask, reference; input,
	 * output ...), then the shared ones (depth, ...), each class in declaration order.
	 */
	public static List<Key> inputsInUserOrder(final Class<?> command) {
		final List<Key> keys = new ArrayList<>(inputs(command));
		keys.sort((a, b) -> {
			final boolean ia = a.name.equals("image") && a.isImage(), ib = b.name.equals("image") && b.isImage();
			if (ia != ib) return ia ? -1 : 1;
			return Integer.compare(depth(b.field.getDeclaringClass()), depth(a.field.getDeclaringClass()));
		}); // stable: declaration order within a class
		return Collections.unmodifiableList(keys);
	}

	private static int depth(final Class<?> c) {
		int d = 0;
		for (Class<?> k = c; k != null; k = k.getSuperclass()) d++;
		return d;
	}

	/** The input with this name, or null. */
	public static Key input(final Class<?> command, final String name) {
		for (final Key k : inputs(command))
			if (k.name.equals(name)) return k;
		return null;
	}

	private static List<Key> keys(final Class<?> command, final boolean outputs) {
		final Object fresh;
		try {
			fresh = command.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalArgumentException("cannot create " + command.getName() + ": " + e, e);
		}
		final List<Class<?>> chain = new ArrayList<>();
		for (Class<?> c = command; c != null && c != Object.class; c = c.getSuperclass())
			chain.add(0, c);
		final List<Key> keys = new ArrayList<>();
		for (final Class<?> c : chain) {
			for (final Field f : c.getDeclaredFields()) {
				final Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || Modifier.isStatic(f.getModifiers())) continue;
				if (injected(f.getType()) || p.visibility() == ItemVisibility.MESSAGE) continue;
				final boolean output = p.type() == ItemIO.OUTPUT;
				if (output != outputs) continue;
				f.setAccessible(true);
				try {
					keys.add(new Key(f, p, f.get(fresh)));
				}
				catch (final IllegalAccessException e) {
					throw new IllegalStateException(e);
				}
			}
		}
		return Collections.unmodifiableList(keys);
	}

	/** Services, the context, plugins: filled in by SciJava, not by the user. */
	private static boolean injected(final Class<?> t) {
		return Service.class.isAssignableFrom(t) || Context.class.isAssignableFrom(t) || SciJavaPlugin.class
			.isAssignableFrom(t);
	}
}
