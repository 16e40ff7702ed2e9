using System.Linq;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Diagnostics;

/// <summary>
/// Hodgkin-Huxley cells, ExpSyn, celsius, record m/h/n and expressions: each mistake is reported at its exact
/// file(line,col) ("$$" marks it) with the whole message.
/// </summary>
public class MechanismDiagnosticsTests
{
    /// <summary>A valid network of one hh cell type; cases append to it or replace its lines.</summary>
    private const string Hh = """
        cell PYR {
          soma diam=19 L=18.8 Ra=123
          hh gnabar=0.12 gkbar=0.036 gl=0.003 el=-70
        }
        pop S: PYR x 20
        syn exc: Exp2Syn tau1=0.1 tau2=5 e=0
        stim bkg: NetStim rate=10 noise=0.5
        stim bkg -> PYR w=0.01 d=5 syn=exc

        """;

    private const string Izhi = """
        cell IZH {
          soma diam=10 L=10 cm=31.831
          Izhi2007b C=1 k=0.7 vr=-60 vt=-40 vpeak=35 a=0.03 b=-2 c=-50 d=100
        }
        pop E: IZH x 20
        syn exc: Exp2Syn tau1=1 tau2=5 e=0
        stim bkg: NetStim rate=100 noise=0.5
        stim bkg -> E w=0.01 d=5

        """;

    private const string Functions = "uniform, normal, exp, log, sqrt, abs, sin, cos, min, max, log10, tan, pow, negexp, discunif";

    private const string NamedValues = "; named values: sizeX (um), sizeY (um), sizeZ (um), propVelocity (um/ms), defaultDelay (ms), pi";

    private const string CellVariables = "x, y, z (the cell's position, um), xnorm, ynorm, znorm (the position as a fraction of sizeX, sizeY, sizeZ)";

    public static readonly TheoryData<string, string, string> Cases = new()
    {
        {
            "NDSL0107", Hh.Replace("hh gnabar=0.12", "hh $$gnabr=0.12"),
            "'gnabr' is not a parameter of hh. Did you mean 'gnabar'? Valid parameters: gnabar, gkbar, gl, el."
        },
        {
            "NDSL0107", Hh + "cell LEAK {\n  soma diam=20 L=20\n  pas $$gg=0.0001 e=-65\n}",
            "'gg' is not a parameter of pas. Did you mean 'g'? Valid parameters: g, e."
        },
        {
            "NDSL0107", Hh + "cell LEAK {\n  soma diam=20 L=20\n  pas $$g_pas=0.0001 e=-65\n}",
            "'g_pas' is not a parameter of pas. Did you mean 'g'? (NEURON's g_pas is pas's 'g', as in NetPyNE's mechs) Valid parameters: g, e."
        },
        {
            "NDSL0106", Hh.Replace("hh gnabar", "$$hhh gnabar"),
            "Unknown cell mechanism 'hhh'; supported: soma (geometry), Izhi2007b, hh, pas. Did you mean 'hh'?"
        },
        {
            "NDSL0114", Izhi + "cell MIX {\n  soma diam=10 L=10\n  Izhi2007b C=1\n  $$pas g=0.001\n}",
            "Cell 'MIX' combines the point process Izhi2007b with the density mechanism pas; NetDsl does not support that combination yet: a cell is either Izhi2007b alone or made of density mechanisms (hh, pas)"
        },
        {
            "NDSL0114", Izhi + "cell MIX {\n  hh gnabar=0.12\n  $$Izhi2007b C=1\n}",
            "Cell 'MIX' combines the point process Izhi2007b with the density mechanism hh; NetDsl does not support that combination yet: a cell is either Izhi2007b alone or made of density mechanisms (hh, pas)"
        },
        {
            "NDSL0111", Hh + "cell $$EMPTY {\n  soma diam=20 L=20\n}",
            "Cell 'EMPTY' has no Izhi2007b line; add e.g. 'Izhi2007b C=1 k=0.7 vr=-60 vt=-40 vpeak=35 a=0.03 b=-2 c=-50 d=100', or density mechanisms for a Hodgkin-Huxley cell, e.g. 'hh gnabar=0.12 gkbar=0.036 gl=0.0003 el=-54.3'"
        },
        {
            "NDSL0111", Hh + "cell TWO {\n  hh gnabar=0.12\n  $$hh gkbar=0.03\n}",
            "Cell 'TWO' has more than one hh line; keep one"
        },
        {
            "NDSL0212", Hh.Replace("diam=19 ", "diam=(19um + $$2) "),
            "Cannot add a length (um) and a plain number: both sides of '+' need the same unit; write 2um"
        },
        {
            "NDSL0212", Hh.Replace("gnabar=0.12 ", "gnabar=$$0.12+0.001*y "),
            "Cannot add a plain number and a length (um): both sides of '+' need the same unit; x, y and z are lengths in um: for a plain number use xnorm, ynorm, znorm or divide by a length, e.g. y/100um"
        },
        {
            "NDSL0212", Hh.Replace("diam=19 ", "diam=$$(2ms*3) "),
            "'diam' is a length (um), but '(2ms*3)' is a time (ms); a result without unit is taken in um"
        },
        {
            "NDSL0212", Hh.Replace("gnabar=0.12 ", "gnabar=0.12*exp($$-y) "),
            "exp() takes a plain number, but '-y' is a length (um); divide it by a length, e.g. exp(-y/100um)"
        },
        {
            "NDSL0212", Hh.Replace("diam=19 ", "diam=19+uniform($$-0.5,0.5um) "),
            "The arguments of uniform() need the same unit: '-0.5' is a plain number, '0.5um' is a length (um); write -0.5um"
        },
        {
            "NDSL0116", Hh.Replace("gnabar=0.12 ", "gnabar=0.12+0.001*$$ynrom "),
            "Unknown variable 'ynrom' in a cell parameter. Did you mean 'ynorm'? Valid variables: " + CellVariables + NamedValues + "."
        },
        {
            "NDSL0116", Hh.Replace("gnabar=0.12 ", "gnabar=0.12*$$exq(-ynorm) "),
            "Unknown function 'exq' in a cell parameter. Did you mean 'exp'? Valid functions: " + Functions + "."
        },
        {
            "NDSL0117", Hh.Replace("diam=19 ", "diam=19+0.01*$$dist_path "),
            "NetDsl does not support NetPyNE's 'dist_path' in a cell parameter. A cell parameter can use " + CellVariables + "."
        },
        {
            "NDSL0117", Hh.Replace("diam=19 ", "diam=19+0.01*$$dist_3D "),
            "NetDsl does not support NetPyNE's 'dist_3D' in a cell parameter (in NetPyNE it is a property of the pre- and postsynaptic cell pair of a connection). A cell parameter can use " + CellVariables + "."
        },
        {
            "NDSL0117", Hh.Replace("diam=19 ", "diam=$$lognormal(19,1) "),
            "NetDsl does not support NetPyNE's 'lognormal()' in a cell parameter (a NEURON Random distribution: NetDsl does not draw lognormal yet). A cell parameter can call " + Functions + "."
        },
        {
            "NDSL0213", Hh.Replace("diam=19 ", "diam=19+$$uniform(-0.5) "),
            "uniform(low, high) takes 2 arguments, not 1"
        },
        {
            "NDSL0213", Hh.Replace("gnabar=0.12 ", "gnabar=0.12*exp($$x=1) "),
            "exp() takes no named arguments; write exp(x)"
        },
        {
            "NDSL0204", Hh + "conn S -> S p=0.1 w=$$[0.01] syn=exc",
            "'w' takes a number, normal(mean, variance), uniform(low, high) or an expression, not a list"
        },
        {
            "NDSL0201", Hh.Replace("diam=19 ", "diam=$$(10 - 20) "),
            "diam=(10 - 20) is out of range: it must be greater than 0"
        },
        {
            "NDSL0115", Izhi + "record m_soma: $$m",
            "No cell type of this network has hh, so there is no 'm' to record; add 'hh' to a cell, e.g. 'hh gnabar=0.12 gkbar=0.036 gl=0.0003 el=-54.3', or record v"
        },
        {
            "NDSL0115", Hh + "record U: $$u",
            "No cell type of this network has Izhi2007b, so there is no 'u' to record; add an 'Izhi2007b ...' line to a cell, or record v"
        },
        {
            "NDSL0115", Hh + "cell LEAK {\n  pas g=0.0001\n}\npop L: LEAK x 2\nstim bkg -> L\nrecord n_soma: $$n of [S, L]",
            "Cell type 'LEAK' (selected by 'of') has no hh, so it has no 'n' to record; record 'n' of cells with hh only, or add 'hh' to a cell, e.g. 'hh gnabar=0.12 gkbar=0.036 gl=0.0003 el=-54.3'"
        },
        {
            "NDSL0107", Hh + "syn fast: ExpSyn $$tau1=2 e=0",
            "'tau1' is not a parameter of ExpSyn. Did you mean 'tau'? Valid parameters: tau, e."
        },
        {
            "NDSL0106", Hh + "syn fast: $$ExpSin tau=2",
            "Unknown synapse mechanism 'ExpSin'; supported: Exp2Syn, ExpSyn. Did you mean 'ExpSyn'?"
        },
        {
            "NDSL0203", Hh + "sim celsius=6.3$$ms",
            "'ms' is a unit of time, but 'celsius' is a temperature; use degC (a bare number means degC)"
        },
        {
            "NDSL0203", Hh.Replace("Ra=123", "Ra=123$$ohm"),
            "'ohm' is not a unit NetDsl knows, but 'Ra' is a resistivity; use ohm*cm, ohmcm (a bare number means ohm*cm)"
        },
        {
            "NDSL0001", Hh.Replace("diam=19 ", "diam=19 $$+ 1 "),
            "Unexpected '+'; expected end of statement; write an expression without spaces, e.g. 19+uniform(-0.5,0.5), or in parentheses, e.g. (19 + uniform(-0.5, 0.5))"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mistake_IsReportedAtItsPosition_WithTheWholeMessage(string id, string marked, string message)
    {
        Assert.Equal(message, DiagnosticAssert.AtMarker(id, marked));
    }

    [Fact]
    public void NormalInsideAnExpression_WarnsThatItTakesAVariance_AndStillGenerates()
    {
        var (text, line, column) = DiagnosticCatalogTests.Unmark(Hh.Replace("diam=19 ", "diam=19+$$normal(0,0.25) "));
        var (result, _) = GeneratorHarness.Run(("/models/test.netdsl", text));
        string message = DiagnosticAssert.Single(result.Diagnostics, "NDSL0205", line, column);
        Assert.Equal("normal(0, 0.25) takes a variance, not a standard deviation: the SD is 0.5. Write normal(0, variance=0.25) to keep it, or normal(0, sd=0.25) for an SD of 0.25.", message);
        Assert.Single(result.Diagnostics);
        Assert.Single(result.GeneratedTrees);
    }

    [Fact]
    public void ValidHodgkinHuxleyModels_HaveNoDiagnostics()
    {
        const string mixed = """
            cell HP {
              soma diam=uniform(18, 22) L=20um cm=1 Ra=100ohm*cm
              hh gnabar=1200pS/um2 gkbar=(0.03S/cm2 + 0.004S/cm2*xnorm) gl=0.3mS/cm2 el=-54.3mV
              pas g=0.0001 e=-65mV
              threshold=0mV
            }
            cell PAS { soma diam=(0.015mm + uniform(-500nm, 500nm)) L=15um Ra=35.4ohmcm; pas g=2e-4 e=-68 }
            pop H: HP x 4
            pop P: PAS x 4
            syn fast: ExpSyn tau=2ms e=0mV
            stim bkg: NetStim rate=20Hz noise=0.5
            stim bkg -> all w=0.01uS d=5ms syn=fast
            sim duration=100 celsius=20degC
            record V: v
            record gates: h of H
            record G: g(fast)
            """;
        var diagnostics = GeneratorHarness.Diagnostics(mixed);
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
    }

    [Fact]
    public void EveryNewMessage_PointsInsideItsFile()
    {
        foreach (var (id, marked, _) in Cases.Select(c => ((string)c[0], (string)c[1], (string)c[2])))
        {
            var (text, _, _) = DiagnosticCatalogTests.Unmark(marked);
            foreach (var d in GeneratorHarness.Diagnostics(text))
            {
                Assert.True(d.Location.SourceSpan.End <= text.Length, id + ": " + d);
                Assert.NotEqual("NDSL9000", d.Id);
            }
        }
    }
}
