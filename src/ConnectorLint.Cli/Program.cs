using System.Runtime.InteropServices;
using System.Text;
using ConnectorLint.Cli;
using ConnectorLint.IO;

// Console.Out flushes on every line: a write system call per finding or per SPF batch line. When
// the output goes to a pipe or a file, buffer it and flush once; on a terminal, keep it immediate.
var stdout = Console.IsOutputRedirected
    ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { AutoFlush = false }
    : Console.Out;

// CI's cancel button and `timeout` send SIGTERM, Ctrl+C sends SIGINT: the run is cancelled, and
// whatever is blocked (a read of standard input, a silent server) has a moment to notice before the
// process ends with 128 + the signal's number. Files being written are left as they were.
using var cancellation = new CancellationTokenSource();
var signalled = 0;
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    if (Interlocked.CompareExchange(ref signalled, context.Signal == PosixSignal.SIGINT ? 130 : 143, 0) != 0)
    {
        return;
    }

    cancellation.Cancel();
    _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ =>
    {
        AtomicFile.AbandonAll();
        Console.Error.WriteLine("connectorlint: cancelled.");
        Environment.Exit(signalled);
    }, TaskScheduler.Default);
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
try
{
    var exit = await CommandLineApp.RunAsync(args, stdout, Console.Error, cancellation.Token);
    return signalled != 0 ? signalled : exit;
}
finally
{
    await stdout.FlushAsync();
}
