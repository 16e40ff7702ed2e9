using System.Diagnostics;

namespace NetDsl.Cli.Tests.Survival;

/// <summary>
/// <c>netdsl</c> as a separate process (<c>dotnet NetDsl.Cli.dll ...</c>), for what an in-process run cannot show:
/// a kill, a signal, a memory limit.
/// </summary>
public sealed class ChildCli : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new(), _stderr = new();
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildCli(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stdout) _stdout.AppendLine(e.Data);
            _firstLine.TrySetResult(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string CliAssembly => typeof(CliApp).Assembly.Location;

    /// <summary>Starts <c>dotnet NetDsl.Cli.dll args</c>, or <paramref name="wrapper"/> (e.g. prlimit) around it.</summary>
    public static ChildCli Start(IEnumerable<string> args, string? workingDirectory = null, IReadOnlyList<string>? wrapper = null)
    {
        var info = new ProcessStartInfo(wrapper is { Count: > 0 } ? wrapper[0] : DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (wrapper is { Count: > 0 })
        {
            foreach (string arg in wrapper.Skip(1)) info.ArgumentList.Add(arg);
            info.ArgumentList.Add(DotnetHost);
        }
        info.ArgumentList.Add(CliAssembly);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new ChildCli(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>The dotnet host running the tests, so the child runs on the same runtime.</summary>
    public static string DotnetHost => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Waits for the first line on standard output (the run's "Running ..." line).</summary>
    public string WaitForFirstLine(TimeSpan timeout) =>
        _firstLine.Task.Wait(timeout) ? _firstLine.Task.Result : throw new TimeoutException("no output from netdsl within " + timeout + "\n" + Stderr);

    /// <summary>Sends a POSIX signal (INT, KILL) to the process.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("netdsl did not exit within " + timeout + "\nstdout:\n" + Stdout + "\nstderr:\n" + Stderr);
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    /// <summary>The id of a process that has ended, for leftovers that look like a killed run's.</summary>
    public static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
