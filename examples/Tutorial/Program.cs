// NetPyNE's tutorials in NetDsl: the Izhikevich tutorial's three models and NetPyNE's Tutorial 2 (Hodgkin-Huxley
// cells), written as .netdsl files in this folder, compiled into typed classes at build time, run one after
// another. For each, the summary is printed and out/<Network>/ receives the data (NetPyNE's saved-data layout),
// the spikes and the figures.
using NetDsl;
using NetDsl.Definition;
using NetDsl.Examples.Tutorial;
using NetDsl.Output;
using NetDsl.Plotting;

string outputRoot = args.Length > 0 ? args[0] : "out";

INetworkModel[] models =
[
    new SingleIzhikevich(),
    new IzhikevichNetwork(),
    new IzhikevichInhibitory(),
    new Tutorial2(),
];

// The tutorials show these three figures for every model, whatever else a file asks for.
var output = new OutputOptions { ExtraFigures = [PlotKind.Raster, PlotKind.Traces, PlotKind.Net2D] };

foreach (var model in models)
{
    Console.WriteLine($"{model.Name}:");
    var result = ModelRunner.Run(model);
    foreach (string line in RunSummary.Lines(result)) Console.WriteLine(line);
    foreach (string path in ResultWriter.WriteAll(result, Path.Combine(outputRoot, model.Name), output))
    {
        Console.WriteLine("  Saved " + path);
    }
    Console.WriteLine();
}
return 0;
