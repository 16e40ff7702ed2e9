// NetPyNE's Tutorial 5 in NetDsl: layered populations placed by depth, connections whose probability, weight and delay
// depend on the cells' positions, with Hodgkin-Huxley cells (tutorial5.netdsl) and with Izhikevich cells
// (spatial_izhikevich.netdsl). For each, the summary is printed and out/<Network>/ receives the data (NetPyNE's
// saved-data layout), the spikes and the figures: the raster ordered by depth, traces, the 2D network and the
// connectivity matrix.
using NetDsl;
using NetDsl.Examples.Spatial;
using NetDsl.Output;
using NetDsl.Plotting;

string outputRoot = args.Length > 0 ? args[0] : "out";

INetworkModel[] models =
[
    new Tutorial5(),
    new SpatialIzhikevich(),
];

foreach (var model in models)
{
    Console.WriteLine($"{model.Name}:");
    var result = ModelRunner.Run(model);
    foreach (string line in RunSummary.Lines(result)) Console.WriteLine(line);
    foreach (string path in ResultWriter.WriteAll(result, Path.Combine(outputRoot, model.Name)))
    {
        Console.WriteLine("  Saved " + path);
    }
    Console.WriteLine();
}
return 0;
