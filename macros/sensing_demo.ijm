// Deep Low-Rank: compressed sensing demo in ImageJ 1.x.
//
// Takes a 96 x 96 piece of the bundled example (examples/weave.tif), measures it with a
// random linear operator (30 % as many measurements as pixels, the default), and
// reconstructs it from the measurements alone with "Sense and Reconstruct Image". The
// image is its own reference: the printed rel_error says how well it was recovered.
//
// In ImageJ: Plugins > Macros > Run... (from the project folder, or pass example=).
// Headless:  java -jar target/deep-low-rank-headless.jar -batch macros/sensing_demo.ijm 'output=demo-output'
//
// Arguments (all optional, space-separated key=value):
//   example=<folder holding weave.tif>   default: examples/ in the current folder
//   output=<folder for the results>      default: demo-output/ in the current folder
//   iterations=<max gradient steps>      default: 3000
//   measurements=<count>                 default: 0 = 30 % of the pixels

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

example = folder(option("example", "examples"));
output = folder(option("output", "demo-output"));
iterations = option("iterations", "3000");
measurements = option("measurements", "0");

setBatchMode(true);
open(example + "weave.tif");
makeRectangle(32, 48, 96, 96);
run("Crop");
rename("weave_crop.tif");

// operator=fast: random signs + Walsh-Hadamard transform + subsampling (any size);
// operator=gaussian: a dense Gaussian matrix, as in the papers (small images only).
run("Sense and Reconstruct Image", "measurements=" + measurements + " operator=fast noise=0 depth=3 iterations=" + iterations);
print("Sense and Reconstruct Image: rel_error=" + getInfo("rel_error") + " steps=" + getInfo("steps") + " returned_iteration=" + getInfo("returned_iteration") + " stop=" + getInfo("stop"));

// the output folder with any missing folders above it; a failed save stops the macro with an error
call("org.deeplowrank.ij1.DeepLowRankMacros.makeFolders", output);
result = output + "weave_sensed.tif";
if (File.exists(result)) deleted = File.delete(result);
saveAs("Tiff", result);
if (!File.exists(result)) call("org.deeplowrank.ij1.DeepLowRankMacros.fail", "could not write " + result);
call("org.deeplowrank.ij1.DeepLowRankMacros.saveLog", output + "weave_sensed_log.csv");
print("wrote " + output + "weave_sensed.tif, weave_sensed_log.csv");
