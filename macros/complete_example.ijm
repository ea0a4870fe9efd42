// Deep Low-Rank: complete the bundled example in ImageJ 1.x.
//
// Opens examples/weave.tif (a woven fabric, 16-bit) and examples/weave_mask.tif
// (255 = missing: half of the pixels and a scratch), fills in the missing pixels with
// "Complete Masked Image", prints the relative error against the full image, and saves
// the result, its log (CSV) and its loss plot (PNG).
//
// In ImageJ: Plugins > Macros > Run... (from the project folder, or pass example=).
// Headless:  java -jar target/deep-low-rank-headless.jar -batch macros/complete_example.ijm 'output=demo-output'
//
// Arguments (all optional, space-separated key=value):
//   example=<folder holding weave.tif and weave_mask.tif>  default: examples/ in the current folder
//   output=<folder for the results>                         default: demo-output/ in the current folder
//   iterations=<max gradient steps>                         default: 3000

function option(key, dflt) {
	args = split(getArgument(), " ");
	for (i = 0; i < args.length; i++)
		if (startsWith(args[i], key + "=")) return substring(args[i], lengthOf(key) + 1);
	return dflt;
}

// a path relative to the current folder, as a folder path ending with a separator
function folder(path) {
	if (!(startsWith(path, "/") || startsWith(path, "\\") || indexOf(path, ":") == 1))
		path = getDirectory("cwd") + path;
	if (!endsWith(path, File.separator)) path = path + File.separator;
	return path;
}

example = folder(option("example", "examples"));
output = folder(option("output", "demo-output"));
iterations = option("iterations", "3000");

setBatchMode(true);
open(example + "weave.tif");
open(example + "weave_mask.tif");
selectImage("weave.tif");

// The recorder writes exactly this: the keys are those of the headless runner.
// mask: an open image (nonzero = missing), *Selection* (the area selection) or *None* (NaN pixels).
run("Complete Masked Image", "mask=weave_mask.tif reference=weave.tif method=gd depth=3 init=gaussian scale=0.1 iterations=" + iterations);

// The result is the active image; its properties hold the run's numbers.
print("Complete Masked Image: rel_error=" + getInfo("rel_error") + " steps=" + getInfo("steps") + " returned_iteration=" + getInfo("returned_iteration") + " stop=" + getInfo("stop"));

// The output folder, with any missing folders above it; then the three files. saveAs
// reports a failure but lets the macro go on, so its file is checked (the helpers fail
// by themselves): a failure stops the macro with an error (exit status 2 headless).
call("org.deeplowrank.ij1.DeepLowRankMacros.makeFolders", output);
result = output + "weave_completed.tif";
if (File.exists(result)) deleted = File.delete(result);
saveAs("Tiff", result);
if (!File.exists(result)) call("org.deeplowrank.ij1.DeepLowRankMacros.fail", "could not write " + result);
call("org.deeplowrank.ij1.DeepLowRankMacros.saveLog", output + "weave_log.csv");
call("org.deeplowrank.ij1.DeepLowRankMacros.savePlot", output + "weave_loss.png");
print("wrote " + output + "weave_completed.tif, weave_log.csv, weave_loss.png");
