using System.Runtime.InteropServices;
using System.Text;
using ConnectorLint.Cli;
using ConnectorLint.IO;

// On Unix, the console's streams set a terminal up on their first write, and that writes the keypad
// mode sequence (ESC [?1h ESC =) into the output when standard input is a terminal: plain file
// streams over descriptors 1 and 2 write only what the tool prints. To a pipe or a file, buffer and
// flush once (Console.Out flushes every line: a system call per finding); on a terminal, keep it
// immediate.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
var stdout = new ProcessStreamWriter(ProcessStreamWriter.Open(1), utf8, 1 << 16) { AutoFlush = !Console.IsOutputRedirected };
var stderr = new ProcessStreamWriter(ProcessStreamWriter.Open(2), utf8, 1 << 12) { AutoFlush = true };

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
        stderr.WriteLine("connectorlint: cancelled.");
        Environment.Exit(signalled);
    }, TaskScheduler.Default);
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
try
{
    var exit = await CommandLineApp.RunAsync(args, stdout, stderr, cancellation.Token);
    return signalled != 0 ? signalled : exit;
}
finally
{
    await stdout.FlushAsync();
}
