namespace NetDsl.Cli;

/// <summary>
/// Turns the first Ctrl-C into a cancellation request (the run stops and keeps what was simulated);
/// a second one ends the process as usual. Dispose to stop listening.
/// </summary>
internal sealed class CtrlCHandler : IDisposable
{
    private readonly CancellationTokenSource source = new();

    public CtrlCHandler() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;
        e.Cancel = true;
        source.Cancel();
    }
}
