// Deep Low-Rank: the training dynamics of deep factorizations (depth x initial scale),
// with the "Factorization Dynamics" command, in ImageJ 1.x.
//
// Runs the solver on a 48 x 48 piece of the bundled example (half of its pixels missing)
// for every depth in 'depths' and every initial scale in 'scales'. Every run fits all
// observed pixels (no hold-out), so the numbers describe the optimization itself. Writes
//   study.csv  one row per run: final loss, iterations to 1e-3 of the initial loss,
//              effective rank, max imbalance, rel_error, ACGH margin, MVM lambda_min bounds
//   log.csv    every run's log (columns run, depth, scale, iteration, loss, ...)
//   loss.png   the loss curves of all runs in one plot
// In ImageJ with a screen the same tables open as "Deep Low-Rank Log" and
// "Deep Low-Rank Study", and the plot in a window.
//
// Headless:  java -jar target/deep-low-rank-headless.jar -batch macros/factorization_dynamics.ijm 'output=demo-output'
//
// Arguments (all optional, space-separated key=value):
//   example=<folder holding weave.tif and weave_mask.tif>  default: examples/ in the current folder
//   output=<folder for the results>                        default: demo-output/ in the current folder
//   iterations=<max gradient steps per run>                default: 1500

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
iterations = option("iterations", "1500");

setBatchMode(true);
open(example + "weave.tif");
makeRectangle(40, 20, 48, 48);
run("Crop");
rename("piece");
open(example + "weave_mask.tif");
makeRectangle(40, 20, 48, 48);
run("Crop");
rename("piece_mask");

selectImage("piece");
// the lists take spaces inside brackets, as every macro value with spaces
run("Factorization Dynamics", "mask=piece_mask reference=piece depths=[1 2 3] scales=[0.3 0.03] threshold=0.001 iterations=" + iterations);
call("org.deeplowrank.ij1.DeepLowRankMacros.makeFolders", output); // with any missing folders above it
call("org.deeplowrank.ij1.DeepLowRankMacros.saveTable", "Study", output + "study.csv");
call("org.deeplowrank.ij1.DeepLowRankMacros.saveLog", output + "log.csv");
call("org.deeplowrank.ij1.DeepLowRankMacros.savePlot", output + "loss.png");
print("wrote " + output + "study.csv, log.csv and loss.png");
