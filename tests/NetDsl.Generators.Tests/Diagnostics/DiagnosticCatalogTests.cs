using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Diagnostics;

/// <summary>
/// One case per diagnostic ID: a small model with the mistake, where "$$" marks the exact position the
/// diagnostic must point at, and a fragment of the message (the fix or suggestion it must carry).
/// </summary>
public class DiagnosticCatalogTests
{
    /// <summary>A valid tutorial network the cases append to or edit (other diagnostic tests build on it too).</summary>
    internal const string Base = """
        cell IZH {
          soma diam=10 L=10 cm=31.831
          Izhi2007b C=1 k=0.7 vr=-60 vt=-40 vpeak=35 a=0.03 b=-2 c=-50 d=100
        }
        pop E: IZH x 20
        syn exc: Exp2Syn tau1=1 tau2=5 e=0
        stim bkg: NetStim rate=100 noise=0.5
        stim bkg -> E w=0.01 d=5

        """;

    public static readonly TheoryData<string, string, string> Cases = new()
    {
        { "NDSL0001", Base + "conn E -> E p=$$= 0.1", "Unexpected '='; expected a value" },
        { "NDSL0002", Base + "$$popp I: IZH x 5", "Did you mean 'pop'?" },
        { "NDSL0003", Base + "cell FS $${\n  soma diam=10 L=10\npop I: IZH x 5", "'{' is never closed; add '}'" },
        { "NDSL0101", Base + "conn E -> $$F p=0.1", "'F' is not a population or cell type" },
        { "NDSL0102", Base + "conn E -> E p=0.1 syn=$$exct", "Did you mean 'exc'?" },
        { "NDSL0103", Base + "stim $$bgk -> E", "Did you mean 'bkg'?" },
        { "NDSL0104", Base + "pop I: $$IZHH x 5\nconn E -> I p=0.1", "Did you mean 'IZH'?" },
        { "NDSL0105", Base + "pop $$E: IZH x 5", "Population 'E' is already declared on line 5" },
        { "NDSL0106", Base + "syn inh: $$Exp3Syn tau1=1", "Did you mean 'Exp2Syn'?" },
        { "NDSL0107", Base + "syn inh: Exp2Syn $$tau=1", "Valid parameters: tau1, tau2, e." },
        { "NDSL0108", Base + "record V_soma: $$V", "Did you mean 'v'?" },
        { "NDSL0109", Base + "syn inh: Exp2Syn tau1=1 $$tau1=2", "'tau1' is given more than once" },
        { "NDSL0110", Base + "plot $$rastr", "Did you mean 'raster'?" },
        { "NDSL0111", Base + "conn $$E -> E w=0.005", "needs a rule" },
        { "NDSL0112", Base + "cell FS {\n  soma diam=10 L=10 cm=31.831\n  Izhi2007b celltype=$$FFS\n}", "Did you mean 'FS'?" },
        { "NDSL0113", Base + "conn E -> E p=0.1 $$conv=5", "Choose one connection rule" },
        { "NDSL0113", Base + "stim clamp: IClamp amp=0.5\nstim clamp -> E $$w=0.01", "it injects current directly" },
        { "NDSL0114", Base + "cell X {\n  soma diam=10 L=10\n  Izhi2007b C=1\n  $$hh gnabar=0.12\n}", "NetDsl does not support that combination yet" },
        { "NDSL0115", Base + "record m_soma: $$m", "No cell type of this network has hh, so there is no 'm' to record" },
        { "NDSL0116", Base + "cell P {\n  soma diam=19 L=18.8\n  hh gnabar=0.12+0.001*$$ynrom\n}", "Did you mean 'ynorm'?" },
        { "NDSL0117", Base + "cell P {\n  soma diam=10+$$dist_path L=10\n  hh gnabar=0.12\n}", "NetDsl does not support NetPyNE's 'dist_path' in a cell parameter" },
        { "NDSL0118", "param $$dist_3D = 100um\n" + Base, "A param cannot be called 'dist_3D': 'dist_3D' is a variable of NetPyNE's expressions" },
        { "NDSL0119", Base + "conn E -> E($$ynrom=[0.5, 1.0]) p=0.1", "Did you mean 'ynorm'?" },
        { "NDSL0120", Base + "pop thal: NetStim x 10 rate=10Hz\nconn thal -> E p=0.1\nconn E -> $$thal p=0.1", "only send spikes, so they cannot receive connections" },
        { "NDSL0121", Base + "pop vs: VecStim x 3 trains=$$[[5], [8]]\nconn vs -> E p=0.1", "trains= gives 2 trains for the 3 cells of population 'vs'" },
        { "NDSL0122", Base + "conn E_E: E -> E p=0.1 plast=STDP(wmax=50)\nrecord w of conn $$EE every 10ms", "'EE' is not a connection rule of this network. Did you mean 'E_E'?" },
        { "NDSL0201", Base + "conn E -> E p=$$1.5", "p=1.5 is out of range: a probability must be between 0 and 1" },
        { "NDSL0202", Base + "sim dt=0.1\nconn E -> E p=0.1 d=$$0.05", "shorter than the time step dt=0.1 ms" },
        { "NDSL0203", Base + "conn E -> E p=0.1 d=5$$mV", "'mV' is a unit of voltage, but 'd' is a time; use ms, s, us" },
        { "NDSL0204", Base + "conn E -> E p=$$[0.1]", "'p' takes a number or an expression, not a list" },
        { "NDSL0205", Base + "cell B {\n  soma diam=10 L=10 cm=31.831\n  Izhi2007b k=$$normal(0.7, 0.05)\n}", "the SD is 0.2236" },
        { "NDSL0206", Base + "stim clamp: IClamp del=50 dur=100 amp=$$10\nstim clamp -> E", "write amp=10nA if that is intended" },
        { "NDSL0207", Base + "cell R {\n  soma diam=10 L=10 cm=31.831\n  Izhi2007b vpeak=$$0 celltype=RTN\n}", "below its spike threshold of 10 mV" },
        { "NDSL0208", Base + "pop $$I: IZH x 5", "Population 'I' receives no stimulus and no connection" },
        { "NDSL0209", Base + "conn E -> E list=$$\"conns.csv\"", "write the pairs inline" },
        { "NDSL0210", Base + "conn E -> E list=[(0, 1), $$(0, 25)]", "Pair (0, 25) is outside the selected cells: pre has 20 cells, post has 20" },
        { "NDSL0211", Base + "conn E -> E conv=$$2.5", "conv=2.5 must be a whole number" },
        { "NDSL0212", Base + "cell P {\n  soma diam=(19um + $$2) L=10\n  hh gnabar=0.12\n}", "Cannot add a length (um) and a plain number: both sides of '+' need the same unit; write 2um" },
        { "NDSL0213", Base + "cell P {\n  soma diam=19+$$uniform(-0.5) L=10\n  hh gnabar=0.12\n}", "uniform(low, high) takes 2 arguments, not 1" },
        { "NDSL0215", Base + "conn E -> E p=0.2*exp(-$$dist_norm3D/0.1)", "NetDsl computes NetPyNE's formula and the build stops at the first NaN" },
        { "NDSL0216", Base + "stim tr: VecStim file=$$\"inputs.csv\"\nstim tr -> E", "Spike-train file 'inputs.csv' does not exist (looked for /models/inputs.csv)" },
        { "NDSL0214", "$$sim duration=100ms", "The file declares no population, so the network has no cells" },
        { "NDSL0217", Base + "sim dt=0.025ms recordStep=$$0.01ms", "recordStep=0.01 ms is 0.4 dt = 0.025 ms: NEURON samples at the grid times the record times round to, so several samples repeat the same step's value. Use a multiple of dt, e.g. recordStep=0.025ms." },
        { "NDSL0218", Base + "stim clamp: IClamp del=50 dur=100 amp=$$1e9nA\nstim clamp -> E", "IClamp amp=1e9nA is 1000000000 nA" },
        { "NDSL0220", Base + "stim fast: NetStim rate=$$1e6\nstim fast -> E", "rate=1e6 is 25 events per step of dt = 0.025 ms" },
        { "NDSL0219", Base + "pop $$\u0415: IZH x 2\nstim bkg -> \u0415", "'\u0415' looks like 'E' (line 5) but is another name: it has U+0415; rename one so a reader can tell them apart" },
        { "NDSL0302", "network $$class\n" + Base, "'class' cannot be the network's class name" },
        { "NDSL0302", "network $$Result\n" + Base, "not a C# keyword or a member of the generated class" },
        { "NDSL0303", Base + string.Concat(Enumerable.Range(0, 1999).Select(i => $"pop P{i}: IZH x 1\n")) + "$$pop Extra: IZH x 1\n", "The file has 2001 pop statements; a file holds at most 2,000" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostic_IsReportedAtTheMarkedPosition(string id, string marked, string messageFragment)
    {
        var (text, line, column) = Unmark(marked);
        var diagnostics = GeneratorHarness.Diagnostics(text);
        string message = DiagnosticAssert.Single(diagnostics, id, line, column);
        Assert.Contains(messageFragment, message);
        var descriptor = DiagnosticDescriptors.Get(id);
        Assert.Equal(descriptor.DefaultSeverity, diagnostics.Single(d => d.Id == id).Severity);
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Warning)
        {
            // A warning alone must not stop code generation.
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    [Fact]
    public void DuplicateNetwork_AcrossFiles_IsReportedOnBothAndNothingIsGenerated()
    {
        const string model = "network Same\n" + Base;
        var (result, _) = GeneratorHarness.Run(("/a/one.netdsl", model), ("/b/two.netdsl", model));
        var duplicates = result.Diagnostics.Where(d => d.Id == "NDSL0301").ToList();
        Assert.Equal(2, duplicates.Count);
        Assert.All(duplicates, d => Assert.Equal((0, 8), (d.Location.GetLineSpan().StartLinePosition.Line, d.Location.GetLineSpan().StartLinePosition.Character)));
        Assert.Contains("also generated from /b/two.netdsl", duplicates.Single(d => d.Location.GetLineSpan().Path == "/a/one.netdsl").GetMessage());
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void FileNamedLikeAGeneratedMember_WithoutNetworkStatement_IsReportedAtTheFileStart()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Base, "/models/result.netdsl");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0302", 1, 1);
        Assert.StartsWith("'Result' cannot be the network's class name", message);
    }

    [Fact]
    public void InternalError_BecomesOneDiagnosticAtTheFileStart()
    {
        const string path = "/models/internal-error.netdsl";
        NetDslCompiler.AfterParse = p => { if (p == path) throw new InvalidOperationException("simulated failure"); };
        try
        {
            var diagnostics = GeneratorHarness.Diagnostics(Base, path);
            var error = Assert.Single(diagnostics);
            Assert.Equal("NDSL9000", error.Id);
            Assert.Equal(0, error.Location.SourceSpan.Start);
            Assert.Contains("InvalidOperationException: simulated failure", error.GetMessage());
        }
        finally
        {
            NetDslCompiler.AfterParse = null;
        }
    }

    [Fact]
    public void EveryDiagnosticId_HasACaseAndADocumentationPage()
    {
        var covered = Cases.Select(c => (string)c[0]).Concat(new[] { "NDSL0301", "NDSL9000" }).ToHashSet();
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.Contains(descriptor.Id, covered);
            string page = Path.Combine(RepositoryPaths.Root, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), "Missing " + page);
            Assert.Equal("docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            {
                Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, descriptor.CustomTags);
            }
        }
    }

    [Fact]
    public void TutorialModels_HaveNoDiagnostics()
    {
        foreach (var file in new[] { "single_izhikevich.netdsl", "izhikevich_network.netdsl", "izhikevich_inhibitory_network.netdsl" })
        {
            var diagnostics = GeneratorHarness.Diagnostics(RepositoryPaths.TutorialModel(file), "/tutorial/" + file);
            Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
        }
        var tutorial2 = GeneratorHarness.Diagnostics(RepositoryPaths.TestModel("tutorial2.netdsl"), "/models/tutorial2.netdsl");
        Assert.True(tutorial2.IsEmpty, DiagnosticAssert.Describe(tutorial2));
    }

    /// <summary>Removes the "$$" marker; returns the text and the marker's 1-based line and column.</summary>
    internal static (string Text, int Line, int Column) Unmark(string marked)
    {
        marked = marked.Replace("\r\n", "\n");
        int index = marked.IndexOf("$$", StringComparison.Ordinal);
        string before = marked.Substring(0, index);
        int line = before.Count(c => c == '\n') + 1;
        int column = index - (before.LastIndexOf('\n') + 1) + 1;
        return (marked.Remove(index, 2), line, column);
    }
}
