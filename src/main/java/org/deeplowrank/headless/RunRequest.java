package org.deeplowrank.headless;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.imglib2.RandomAccessibleInterval;
import org.deeplowrank.command.CommandKeys;
import org.deeplowrank.keys.KeyValues;
import org.deeplowrank.keys.OptionStrings;
import org.deeplowrank.io.ImageFiles;
import org.deeplowrank.io.ImagePlusImages;
import org.scijava.command.CommandInfo;
import org.scijava.convert.ConvertService;
import org.scijava.module.ModuleItem;

/**
 * What a {@code --run} asks for, checked: the command, its inputs converted to their
 * types, the image files, and the runner keys' paths (checked by the
 * {@link OutputPathPolicy}). Everything is checked before any image is read or anything
 * computed, so that a typo costs nothing; {@link #openImages()} then reads the images.
 */
final class RunRequest {

	final CommandInfo info;
	/** The command's non-image inputs, converted. */
	final Map<String, Object> values = new LinkedHashMap<>();
	/** The image inputs' files, by key; {@link #openImages()} adds the images to {@link #values}. */
	final Map<String, Path> images = new LinkedHashMap<>();
	/** The runner keys the command accepts. */
	final Set<RunnerKey> runnerKeys;
	/** The paths to write, checked. */
	final OutputPathPolicy outputs;
	/** The opened input image (stack layout and calibration for the output), after {@link #openImages()}. */
	ImagePlusImages.Wrapped source;

	private RunRequest(final CommandInfo info, final Set<RunnerKey> runnerKeys, final Map<String, Object> values,
		final Map<String, Path> images, final OutputPathPolicy outputs)
	{
		this.info = info;
		this.runnerKeys = runnerKeys;
		this.values.putAll(values);
		this.images.putAll(images);
		this.outputs = outputs;
	}

	/**
	 * Checks the keys and values of a command's options and converts them. An image key
	 * given as {@value CommandKeys#NONE} (as ImageJ's recorder writes "no image") is left
	 * out, as if it were not given (so a required one is reported missing).
	 */
	static RunRequest parse(final CommandCatalog catalog, final CommandInfo info, final Map<String, String> options)
		throws BadInputException
	{
		final Map<String, ModuleItem<?>> keys = new LinkedHashMap<>();
		for (final ModuleItem<?> item : catalog.keys(info))
			keys.put(item.getName(), item);
		final Set<RunnerKey> runnerKeys = catalog.runnerKeys(info);
		final Map<String, RunnerKey> runnerKeyByName = new LinkedHashMap<>();
		for (final RunnerKey k : runnerKeys)
			runnerKeyByName.put(k.key, k);
		final List<String> valid = new ArrayList<>(keys.keySet());
		valid.addAll(runnerKeyByName.keySet());
		for (final String key : options.keySet()) {
			if (!valid.contains(key)) throw new BadInputException(OptionStrings.unknownKey(key, info.getTitle(), valid));
		}
		final Map<String, Object> values = new LinkedHashMap<>();
		final Map<String, Path> images = new LinkedHashMap<>();
		final Map<RunnerKey, Path> outputs = new EnumMap<>(RunnerKey.class);
		for (final Map.Entry<String, String> e : options.entrySet()) {
			final String key = e.getKey(), value = e.getValue();
			final ModuleItem<?> item = keys.get(key);
			if (item == null) outputs.put(runnerKeyByName.get(key), path(key, value));
			else if (!isImage(item.getType())) values.put(key, convert(catalog, item, value));
			else if (!value.trim().equals(CommandKeys.NONE)) images.put(key, path(key, value));
		}
		for (final ModuleItem<?> item : keys.values()) {
			if (item.isRequired() && isImage(item.getType()) && !images.containsKey(item.getName())) {
				throw new BadInputException("missing value for '" + item.getName() + "' (an image file); see --help \"" + info
					.getTitle() + "\"");
			}
		}
		return new RunRequest(info, runnerKeys, values, images, OutputPathPolicy.check(outputs, images.values()));
	}

	/** Reads the image files into {@link #values}; the key {@code image} is also the {@link #source}. */
	void openImages() throws BadInputException {
		for (final Map.Entry<String, Path> e : images.entrySet()) {
			try {
				final ImagePlusImages.Wrapped w = ImageFiles.read(e.getValue());
				values.put(e.getKey(), w.img);
				if (e.getKey().equals(CommandKeys.IMAGE_KEY)) source = w;
			}
			catch (final IOException | IllegalArgumentException ex) {
				throw new BadInputException(ex.getMessage());
			}
		}
	}

	static boolean isImage(final Class<?> type) {
		return RandomAccessibleInterval.class.isAssignableFrom(type);
	}

	/** Converts a key's string value to the field type ({@link KeyValues#parse}), with a message that names the key. */
	private static Object convert(final CommandCatalog catalog, final ModuleItem<?> item, final String value)
		throws BadInputException
	{
		final List<String> choices = new ArrayList<>();
		if (item.getChoices() != null) for (final Object c : item.getChoices())
			choices.add(String.valueOf(c));
		try {
			return KeyValues.parse(item.getName(), item.getType(), choices, value);
		}
		catch (final IllegalArgumentException e) {
			if (!e.getMessage().contains("cannot be given as text")) throw new BadInputException(e.getMessage());
		}
		final Object converted = catalog.context().service(ConvertService.class).convert(value.trim(), item.getType());
		if (converted == null) throw bad(item.getName(), value, "a " + item.getType().getSimpleName());
		return converted;
	}

	private static Path path(final String key, final String value) throws BadInputException {
		if (value.trim().isEmpty()) throw new BadInputException("missing value for '" + key + "'");
		try {
			return Paths.get(value.trim());
		}
		catch (final RuntimeException e) {
			throw bad(key, value, "a file path");
		}
	}

	private static BadInputException bad(final String key, final String value, final String expected) {
		return new BadInputException("bad value for '" + key + "': '" + value + "' (expected " + expected + ")");
	}
}
