// Deep Low-Rank: complete every image of a folder in ImageJ 1.x ("Batch Complete Folder").
//
// For each image <name>.<ext> of the input folder, the mask is <name>_mask.<ext> if there
// is one (nonzero = missing), otherwise the image's NaN pixels are missing. The output
// folder receives <name>_completed.tif, <name>_log.csv, <name>_loss.png and summary.csv
// (one row per image: size, missing fraction, iterations, final loss, seconds, status,
// message). Files that cannot be read are listed as failed; the input folder is never
// written; a second run skips the images already done (overwrite=true recomputes them).
//
// Without input=, a demo folder is made first from the bundled example: three 64 x 64
// pieces of examples/weave.tif and their masks.
//
// In ImageJ: Plugins > Macros > Run... (from the project folder, or pass example=).
// Headless:  java -jar target/deep-low-rank-headless.jar -batch macros/batch_folder.ijm 'output=demo-output/batch'
//
// Arguments (all optional, space-separated key=value):
//   input=<folder of images>               default: a demo folder made from the example
//   output=<folder for the results>        default: demo-output/batch/ in the current folder
//   example=<folder holding weave.tif>     default: examples/ in the current folder
//   iterations=<max gradient steps>        default: 1000

function option(key, dflt) {
	args = split(getArgument(), " ");
	for (i = 0; i < args.length; i++)
		if (startsWith(args[i], key + "=")) return substring(args[i], lengthOf(key) + 1);
	return dflt;
}

function folder(path) {
	if (!(startsWith(path, "/") || startsWith(path, "\\") || indexOf(path, ":") == 1))
		path = getDirectory("cwd") + path;
	if (!endsWith(path, File.separator)) path = path + File.separator;
	return path;
}

output = folder(option("output", "demo-output/batch"));
iterations = option("iterations", "1000");
input = option("input", "");
setBatchMode(true);
if (input == "") {
	// the demo folder: three pieces of the example, each with its mask
	example = folder(option("example", "examples"));
	input = getDirectory("temp") + "deep-low-rank-batch-demo" + File.separator;
	File.makeDirectory(input);
	x = newArray(0, 48, 96);
	for (i = 0; i < x.length; i++) {
		open(example + "weave.tif");
		makeRectangle(x[i], 64, 64, 64);
		run("Crop");
		saveAs("Tiff", input + "piece" + (i + 1) + ".tif");
		close();
		open(example + "weave_mask.tif");
		makeRectangle(x[i], 64, 64, 64);
		run("Crop");
		saveAs("Tiff", input + "piece" + (i + 1) + "_mask.tif");
		close();
	}
}
input = folder(input);

run("Batch Complete Folder", "input=[" + input + "] output=[" + output + "] mask_suffix=_mask iterations=" + iterations);

print(File.openAsString(output + "summary.csv"));
