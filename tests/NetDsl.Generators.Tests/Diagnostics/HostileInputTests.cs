using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Diagnostics;

/// <summary>
/// Issue 17's reproducers for the generator (F1, F2, F11, F13 and w=1e309): each is a diagnostic with its exact
/// message at the value that causes it, never a stack overflow or an internal error (NDSL9000).
/// </summary>
public class HostileInputTests
{
    private const string H = "cell C { Izhi2007b }\npop E: C x 2\nsyn s: Exp2Syn\n";

    /// <summary>The generator on a thread with a 1 MB stack, as a compiler worker thread has, so depth limits are tested where they matter.</summary>
    private static ImmutableArray<Diagnostic> OnSmallStack(string text)
    {
        ImmutableArray<Diagnostic> diagnostics = default;
        System.Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                diagnostics = GeneratorHarness.Diagnostics(text);
            }
            catch (System.Exception e)
            {
                failure = e;
            }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.DoesNotContain(diagnostics, d => d.Id == "NDSL9000");
        return diagnostics;
    }

    [Fact]
    public void InvisibleAndBidirectionalCharacters_AreNamedNotPrinted()
    {
        // U+202E (right-to-left override) printed raw would reorder the rest of the line in a terminal.
        var diagnostic = Assert.Single(GeneratorHarness.Diagnostics(H + "pop F\u202Ex: C x 2\n"), d => d.Id == "NDSL0001");
        Assert.Equal("Unexpected 'U+202E'; expected ':'", diagnostic.GetMessage());
        var zeroWidth = Assert.Single(GeneratorHarness.Diagnostics(H + "pop F\u200Bx: C x 2\n"), d => d.Id == "NDSL0001");
        Assert.Equal("Unexpected 'U+200B'; expected ':'", zeroWidth.GetMessage());
    }

    [Fact]
    public void ACellTypeInAPlotsInclude_StandsForItsPopulations()
    {
        var result = NetDslCompiler.Analyze("/models/include.netdsl", H + "pop F: C x 3\nstim b: NetStim rate=10\nstim b -> C\nplot raster include=[C]\n", "Models", default);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        var include = result.Spec!.Plots.Single().Include!;
        Assert.Equal(new[] { "E", "F" }, include.Items.Select(i => i.Population).ToArray());
    }

    [Theory]
    [InlineData("[", 2500, 55)]
    [InlineData("(", 3000, 55)]
    [InlineData("normal(", 10000, 349)]
    public void F1_DeepBrackets_AreOneSyntaxError(string open, int count, int column)
    {
        var diagnostics = OnSmallStack("sim x=" + string.Concat(Enumerable.Repeat(open, count)) + "\n");
        Assert.Equal("Brackets nested more than 48 deep; simplify the value", DiagnosticAssert.Single(diagnostics, "NDSL0001", 1, column));
        Assert.Single(diagnostics);
    }

    [Theory]
    [InlineData("sim x=", "-", 55)]
    [InlineData("sim x=", "+", 55)]
    [InlineData("cell C { Izhi2007b k=", "-", 70)]
    public void F1_LongRunsOfSigns_AreOneSyntaxError(string prefix, string sign, int column)
    {
        string text = prefix + new string(sign[0], 10000) + "1" + (prefix.StartsWith("cell") ? " }" : "") + "\n";
        var diagnostics = OnSmallStack(text);
        Assert.Equal("Signs ('-' or '+') repeated more than 48 times in a row; simplify the value", DiagnosticAssert.Single(diagnostics, "NDSL0001", 1, column));
    }

    [Fact]
    public void F1_LongPowerChain_IsOneSyntaxError()
    {
        var diagnostics = OnSmallStack("cell C { Izhi2007b k=" + string.Join("**", Enumerable.Repeat("1", 10000)) + " }\npop E: C x 2\n");
        Assert.Equal("'**' chained more than 48 times; simplify the value or use parentheses", DiagnosticAssert.Single(diagnostics, "NDSL0001", 1, 167));
    }

    [Fact]
    public void F1_ModerateNesting_StillParses()
    {
        string value = new string('(', 40) + "1" + new string(')', 40);
        var diagnostics = OnSmallStack("cell C { Izhi2007b k=" + value + " C=" + new string('-', 20) + "1 a=2**2**2 }\npop E: C x 2\nstim b: NetStim\nstim b -> E\n");
        Assert.DoesNotContain(diagnostics, d => d.Id == "NDSL0001");
    }

    [Theory]
    [InlineData("sim duration=１\n", 1, 14, "Unexpected '１'; expected a value; numbers are written with the digits 0-9, and '１' (U+FF11) is a digit of another script: write 1")]
    [InlineData("cell C { Izhi2007b }\npop E: C x ٣\n", 2, 12, "Unexpected '٣'; expected a number; numbers are written with the digits 0-9, and '٣' (U+0663) is a digit of another script: write 3")]
    public void F2_DigitsOfOtherScripts_AreSyntaxErrorsNotInternalErrors(string text, int line, int column, string message)
    {
        var diagnostics = GeneratorHarness.Diagnostics(text);
        Assert.DoesNotContain(diagnostics, d => d.Id == "NDSL9000");
        Assert.Equal(message, DiagnosticAssert.Single(diagnostics, "NDSL0001", line, column));
    }

    [Fact]
    public void F11_NegativeIndexInInclude_IsOutOfRangeAtTheIndex()
    {
        var diagnostics = GeneratorHarness.Diagnostics(H + "plot traces include=[(E, -1)]\n");
        Assert.Equal("include=(E, -1) is out of range: a cell index is 0 or more ('E' has cells 0 to 1); write E alone for the whole population",
            DiagnosticAssert.Single(diagnostics, "NDSL0201", 4, 26));
    }

    [Fact]
    public void NegativeGidInInclude_IsReportedAsWritten()
    {
        var diagnostics = GeneratorHarness.Diagnostics(H + "plot traces include=[-5]\n");
        Assert.Equal("include=-5 is out of range: the network has gids 0 to 1", DiagnosticAssert.Single(diagnostics, "NDSL0201", 4, 22));
    }

    [Theory]
    [InlineData(H + "stim v: VecStim times=[1e309]\nstim v -> E\n", 4, 24, "times=1e309 is out of range: a number must be finite, at most 1.7976931348623157e308 in size")]
    [InlineData("cell C { Izhi2007b k=normal(0.7, sd=1e200) }\npop E: C x 2\n", 1, 37, "k=normal(0.7, sd=1e200) is out of range: sd must be at most 1.3407807929942596e154, so that the variance sd² is a finite number")]
    [InlineData("cell C { Izhi2007b k=normal(1, sd=-1) }\npop E: C x 2\n", 1, 35, "k=normal(1, sd=-1) is out of range: a standard deviation (sd) must be 0 or more")]
    [InlineData("cell C { Izhi2007b k=0.5+normal(1,sd=-1) }\npop E: C x 2\n", 1, 38, "k=normal(1, sd=-1) is out of range: a standard deviation (sd) must be 0 or more")]
    [InlineData(H + "conn E -> E p=0.5 w=1e309\n", 4, 21, "w=1e309 is out of range: a number must be finite, at most 1.7976931348623157e308 in size")]
    [InlineData("cell C { Izhi2007b a=1e309*ynorm }\npop E: C x 2\n", 1, 22, "a=1e309 is out of range: a number must be finite, at most 1.7976931348623157e308 in size")]
    public void F13_ValuesThatCannotRun_AreOutOfRangeAtTheValue(string text, int line, int column, string message)
    {
        var diagnostics = GeneratorHarness.Diagnostics(text);
        Assert.Equal(message, DiagnosticAssert.Single(diagnostics, "NDSL0201", line, column));
    }

    [Fact]
    public void HexadecimalPopulationSize_SaysSoAndGivesTheValue()
    {
        var diagnostics = GeneratorHarness.Diagnostics(H + "pop F: C x 0x10\n");
        Assert.Equal("Hexadecimal numbers are not supported: 0x10 is read as 0 with the unit 'x10'; write x 16",
            DiagnosticAssert.Single(diagnostics, "NDSL0203", 4, 12));
    }
}
