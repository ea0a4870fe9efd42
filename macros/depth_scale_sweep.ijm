// Deep Low-Rank: how depth and initialization scale shape the result (the study the
// papers plot), in ImageJ 1.x.
//
// Completes a 64 x 64 piece of the bundled example (half of its pixels missing) for every
// depth in 1, 2, 3 and initial scale in 0.3, 0.1, 0.03, and collects the final relative
// errors into one table (the Results table), saved as sweep.csv. Depth 1 is plain least
// squares: it has no low-rank bias and cannot fill anything in; depth >= 2 with a small
// initialization can.
//
// In ImageJ: Plugins > Macros > Run... (from the project folder, or pass example=).
// Headless:  java -jar target/deep-low-rank-headless.jar -batch macros/depth_scale_sweep.ijm 'output=demo-output'
//
// Arguments (all optional, space-separated key=value):
//   example=<folder holding weave.tif and weave_mask.tif>  default: examples/ in the current folder
//   output=<folder for sweep.csv>                           default: demo-output/ in the current folder
//   iterations=<max gradient steps per run>                 default: 1000

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
iterations = option("iterations", "1000");

setBatchMode(true);
// the same 64 x 64 piece of the image and of its mask
open(example + "weave.tif");
makeRectangle(40, 20, 64, 64);
run("Crop");
rename("piece");
open(example + "weave_mask.tif");
makeRectangle(40, 20, 64, 64);
run("Crop");
rename("piece_mask");

depths = newArray(1, 2, 3);
scales = newArray(0.3, 0.1, 0.03);
run("Clear Results");
row = 0;
for (d = 0; d < depths.length; d++) {
	for (s = 0; s < scales.length; s++) {
		selectImage("piece");
		run("Complete Masked Image", "mask=piece_mask reference=piece method=gd depth=" + depths[d] + " scale=" + scales[s] + " iterations=" + iterations);
		setResult("depth", row, depths[d]);
		setResult("scale", row, scales[s]);
		setResult("rel_error", row, getInfo("rel_error")); // as text: all digits in sweep.csv
		setResult("steps", row, parseInt(getInfo("steps")));
		setResult("stop", row, getInfo("stop"));
		print("depth=" + depths[d] + " scale=" + scales[s] + " rel_error=" + getInfo("rel_error"));
		close(); // the result
		row++;
	}
}
updateResults();
// the output folder with any missing folders above it; a failed save stops the macro with an error
call("org.deeplowrank.ij1.DeepLowRankMacros.makeFolders", output);
sweep = output + "sweep.csv";
if (File.exists(sweep)) deleted = File.delete(sweep);
saveAs("Results", sweep);
if (!File.exists(sweep)) call("org.deeplowrank.ij1.DeepLowRankMacros.fail", "could not write " + sweep);
print("wrote " + output + "sweep.csv");
