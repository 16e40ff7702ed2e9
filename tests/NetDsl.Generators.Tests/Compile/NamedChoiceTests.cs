using System;
using System.Linq;
using NetDsl.Catalog;
using NetDsl.Definition;
using NetDsl.Generators.Semantics;
using NetDsl.Generators.Tests.Harness;
using NetDsl.Models;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// Named choices (sim precision=, sim synapses=, celltype=) are one table (NamedChoices) for the language, the
/// generated code, the runtime's typed parameters and the parameter paths; names and their numbers both work.
/// </summary>
public class NamedChoiceTests
{
    private const string Model = """
        cell IZH { soma diam=10 L=10 cm=31.831; Izhi2007b celltype=RS }
        cell HH { soma diam=20; hh gnabar=0.12; pas g=0.0001 }
        pop E: IZH x 4
        pop P: HH x 2
        syn exc: Exp2Syn
        stim bkg: NetStim rate=10
        stim bkg -> all
        sim duration=100 precision=single synapses=aggregated seeds(conn=3)
        """;

    private static INetworkModel Create(string text = Model)
    {
        var assembly = GeneratedCodeCompilesTests.Load(GeneratedCodeCompilesTests.CompileModels(("/models/choices.netdsl", text)));
        return (INetworkModel)Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + ".Choices")!)!;
    }

    [Fact]
    public void TypedSimParameters_AreEnums_WithTheFilesValues()
    {
        var model = Create();
        var parameters = Assert.IsAssignableFrom<NetworkParameters>(model.Parameters);
        Assert.Equal(SimulationPrecision.Single, parameters.Sim.precision);
        Assert.Equal(SynapseStorage.Aggregated, parameters.Sim.synapses);
        Assert.Equal((100.0, 3, 1), (parameters.Sim.duration, parameters.Sim.seeds.conn, parameters.Sim.seeds.stim));
        var settings = model.ToDefinition().Simulation;
        Assert.Equal((SimulationPrecision.Single, true), (settings.Precision, settings.AggregateSynapses));

        parameters.Sim.precision = SimulationPrecision.Fast;
        parameters.Sim.synapses = SynapseStorage.PerConnection;
        settings = model.ToDefinition().Simulation;
        Assert.Equal((SimulationPrecision.Fast, false), (settings.Precision, settings.AggregateSynapses));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Sim.precision = (SimulationPrecision)7);
    }

    [Fact]
    public void Paths_TakeChoiceNames_AndStillTheirNumbers()
    {
        var model = Create();
        var parameters = model.Parameters;

        parameters.Set("sim.precision", "fast");
        Assert.Equal(SimulationPrecision.Fast, model.ToDefinition().Simulation.Precision);
        Assert.Equal(2.0, parameters.Get("sim.precision"));
        parameters.Set("sim.precision", "exact");
        Assert.Equal(SimulationPrecision.Exact, model.ToDefinition().Simulation.Precision);
        parameters.Set("sim.precision", 3);
        Assert.Equal(SimulationPrecision.Single, model.ToDefinition().Simulation.Precision);
        parameters.Set("sim.precision", "2");
        Assert.Equal(SimulationPrecision.Fast, model.ToDefinition().Simulation.Precision);

        parameters.Set("sim.synapses", "exact");
        Assert.False(model.ToDefinition().Simulation.AggregateSynapses);
        Assert.Equal(2.0, parameters.Get("sim.synapses"));
        parameters.Set("sim.synapses", "aggregated");
        Assert.True(model.ToDefinition().Simulation.AggregateSynapses);

        parameters.Set("cell.IZH.celltype", "FS");
        Assert.Equal(5.0, model.ToDefinition().Cells[0].Parameters.Single(p => p.Name == "celltype").Value.A);
        Assert.Equal(5.0, parameters.Get("cell.IZH.celltype"));
        parameters.Set("cell.IZH.celltype", 7);
        Assert.Equal(7.0, parameters.Get("cell.IZH.celltype"));

        parameters.Set("sim.duration", "250");
        Assert.Equal(250.0, model.ToDefinition().Simulation.Duration);
    }

    [Fact]
    public void AnUnknownChoiceName_ListsTheValidNames()
    {
        var parameters = Create().Parameters;
        var precision = Assert.Throws<ArgumentException>(() => parameters.Set("sim.precision", "fastest"));
        Assert.StartsWith("sim.precision: 'fastest' is not a precision; valid names: exact, fast, single", precision.Message);
        var synapses = Assert.Throws<ArgumentException>(() => parameters.Set("sim.synapses", "Exact"));
        Assert.Contains("valid names: aggregated, exact", synapses.Message);
        var celltype = Assert.Throws<ArgumentException>(() => parameters.Set("cell.IZH.celltype", "RSS"));
        Assert.Contains("valid names: RS, IB, CH, LTS, FS, TC, RTN", celltype.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("sim.precision", 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("sim.precision", "0"));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("cell.IZH.celltype", 8));
        var number = Assert.Throws<ArgumentException>(() => parameters.Set("sim.duration", "long"));
        Assert.StartsWith("sim.duration: 'long' is not a number", number.Message);
        var unknown = Assert.Throws<ArgumentException>(() => parameters.Set("sim.precisions", "fast"));
        Assert.Contains("Valid paths: cell.IZH.diam", unknown.Message);
    }

    [Fact]
    public void DensityMechanismParameters_TakeNetPyNEsPathToo()
    {
        var model = Create();
        var parameters = model.Parameters;
        parameters.Set("cell.HH.hh.gnabar", 0.2);
        Assert.Equal(0.2, parameters.Get("cell.HH.gnabar"));
        parameters.Set("cell.HH.pas.g", 0.0002);
        var cell = model.ToDefinition().Cells.Single(c => c.Name == "HH");
        Assert.Equal((0.2, 0.0002), (cell.Mechs[0].Parameters[0].Value.A, cell.Mechs[1].Parameters[0].Value.A));
        Assert.Equal(0.0002, parameters.Get("cell.HH.pas.g"));
        // The flat paths are the listed ones; the NetPyNE-style names are aliases.
        Assert.Contains("cell.HH.gnabar", parameters.Paths);
        Assert.DoesNotContain("cell.HH.hh.gnabar", parameters.Paths);
        Assert.Throws<ArgumentException>(() => parameters.Set("cell.HH.pas.gnabar", 0.1));
    }

    [Fact]
    public void AliasesCoverTheSubPathsOfADistribution()
    {
        const string text = "cell HH { soma diam=20; hh gnabar=normal(0.12, variance=0.0001) }\npop P: HH x 2\nstim s: IClamp amp=0.1\nstim s -> P";
        var assembly = GeneratedCodeCompilesTests.Load(GeneratedCodeCompilesTests.CompileModels(("/models/alias.netdsl", text)));
        var model = (INetworkModel)Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + ".Alias")!)!;
        model.Parameters.Set("cell.HH.hh.gnabar.variance", 0.0004);
        Assert.Equal(0.0004, model.Parameters.Get("cell.HH.gnabar.variance"));
        Assert.Equal(ValueSpec.Normal(0.12, 0.0004), model.ToDefinition().Cells[0].Mechs[0].Parameters[0].Value);
    }

    [Fact]
    public void EveryChoiceSet_MapsOntoItsRuntimeEnum()
    {
        Assert.Equal(Enum.GetNames<SimulationPrecision>(), NamedChoices.Precision.Choices.Select(c => c.Member));
        Assert.Equal(Enum.GetValues<SimulationPrecision>(), NamedChoices.Precision.Names.Select(n => Choices.Precision.Parse("sim.precision", n)));
        Assert.Equal(Enum.GetValues<SynapseStorage>().OrderBy(v => v).ToArray(), NamedChoices.Synapses.Names.Select(n => Choices.Synapses.Parse("sim.synapses", n)).OrderBy(v => v).ToArray());
        Assert.Equal(new[] { ConnectionRuleKind.Probability, ConnectionRuleKind.FastProbability }, NamedChoices.Sampling.Names.Select(n => Choices.Sampling.Parse("sampling", n)));
        foreach (var set in NamedChoices.All.Where(s => s.EnumType is not null))
        {
            var type = typeof(SimulationSettings).Assembly.GetType(set.EnumType!);
            Assert.True(type is { IsEnum: true }, set.EnumType);
            Assert.All(set.Choices, c => Assert.True(Enum.IsDefined(type!, c.Member), $"{set.EnumType}.{c.Member}"));
        }
        Assert.Equal(MechanismCatalog.IzhikevichCellTypes, NamedChoices.CellType.Names);
        Assert.Equal(Enumerable.Range(1, 7), NamedChoices.CellType.Names.Select(n => Choices.CellType.Parse("celltype", n)));
    }

    [Fact]
    public void TheLanguage_ReadsTheSameTable()
    {
        // The generator compiles the shared files into its own namespace; names, numbers and defaults agree.
        var sim = ParameterTables.Simulation;
        Assert.Equal(NamedChoices.Precision.Names, sim.Find("precision")!.Choices);
        Assert.Equal(NamedChoices.Synapses.Names, sim.Find("synapses")!.Choices);
        Assert.Equal(NamedChoices.Sampling.Names, ParameterTables.Connection.Find("sampling")!.Choices);
        Assert.Equal(NamedChoices.CellType.Names, ParameterTables.Izhikevich.Find("celltype")!.Choices);
        foreach (var setting in SimulationCatalog.Settings.Concat(SimulationCatalog.Seeds))
        {
            var table = SimulationCatalog.Seeds.Contains(setting) ? ParameterTables.Seeds : sim;
            var def = table.Find(setting.Name)!;
            Assert.Equal((setting.Default, setting.Limits.Min, setting.Limits.Max, setting.Limits.Description), (def.Default, def.Range.Min, def.Range.Max, def.Range.Description));
        }
    }

    [Fact]
    public void RuntimeSimDefaults_AreTheEnginesDefaults()
    {
        var settings = new SimulationParameters().ToSettings();
        var engine = new SimulationSettings();
        Assert.Equal((engine.Duration, engine.Dt, engine.VInit, engine.RecordStep, engine.EffectiveSeeds), (settings.Duration, settings.Dt, settings.VInit, settings.RecordStep, settings.EffectiveSeeds));
        Assert.Equal((engine.AggregateSynapses, engine.Precision, engine.Threads, engine.Celsius), (settings.AggregateSynapses, settings.Precision, settings.Threads, settings.Celsius));
    }

    [Fact]
    public void AModelThatKeepsEverySimDefault_SetsNoSimValue()
    {
        var (result, _) = GeneratorHarness.Run(("/models/plain.netdsl", "cell C { soma diam=10; Izhi2007b }\npop E: C x 1\nstim s: IClamp amp=0.1\nstim s -> E"));
        string source = result.GeneratedTrees.Single().ToString();
        Assert.DoesNotContain("Sim.", source.Replace("p.Sim.", string.Empty));
        Assert.DoesNotContain("file static class", source);
    }
}
