namespace NetDsl.Cli;

/// <summary>Process exit codes of <c>netdsl</c>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The model has errors, failed to run, or its outputs could not be written.</summary>
    public const int ModelError = 1;

    /// <summary>The command line is wrong: unknown command or option, missing file, unknown parameter path.</summary>
    public const int UsageError = 2;
}

/// <summary>A command-line mistake; the message is printed as one line and the exit code is 2.</summary>
public sealed class UsageException(string message, bool pointToHelp = true) : Exception(message)
{
    /// <summary>Whether the usage hint follows the message (not for missing or unreadable files).</summary>
    public bool PointToHelp { get; } = pointToHelp;
}

/// <summary>A failure that ends the command with one clear line and exit code 1.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
