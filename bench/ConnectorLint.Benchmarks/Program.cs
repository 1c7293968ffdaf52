using BenchmarkDotNet.Running;
using ConnectorLint.Benchmarks;

// `generate` writes a large organization (and its zones) for the whole-process runs of bench/run.sh;
// anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "generate")
{
    var options = args.Skip(1).Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
    var domains = int.Parse(options.GetValueOrDefault("domains", "10000"));
    var output = options.GetValueOrDefault("out", "org.yaml");
    File.WriteAllText(output, OrganizationGenerator.Yaml(domains, int.Parse(options.GetValueOrDefault("connectors", "20")), int.Parse(options.GetValueOrDefault("senders", "50")), int.Parse(options.GetValueOrDefault("seed", "1")),
        options.GetValueOrDefault("lists", "everything") == "every-domain"));
    if (options.TryGetValue("zone", out var zone))
    {
        File.WriteAllText(zone, OrganizationGenerator.Zone(domains, int.Parse(options.GetValueOrDefault("seed", "1"))));
    }

    if (options.TryGetValue("outlook-zone", out var outlook))
    {
        File.WriteAllText(outlook, OrganizationGenerator.OutlookZone(domains));
    }

    return;
}

// `memory FILE` prints the heap each stage of lint keeps alive (after a full collection) and the
// process's peak, to see where bytes per byte of file go (issue 31). With --hold it waits for a line on
// standard input before it exits, so that `dotnet-gcdump collect` can see the linted heap by type.
if (args.Length is 2 or 3 && args[0] == "memory")
{
    static string Mb(long bytes) => $"{bytes / 1048576.0,8:0.0} MB";
    var size = new FileInfo(args[1]).Length;
    Console.WriteLine($"file                 {Mb(size)}");
    var bytes = File.ReadAllBytes(args[1]);
    Console.WriteLine($"bytes read           {Mb(GC.GetTotalMemory(true))}");
    GC.KeepAlive(bytes);
    var text = System.Text.Encoding.UTF8.GetString(bytes);
    Console.WriteLine($"text                 {Mb(GC.GetTotalMemory(true))}");
    var tree = ConnectorLint.Loading.YamlTreeReader.Read(args[1], text);
    Console.WriteLine($"text and YAML tree   {Mb(GC.GetTotalMemory(true))}");
    GC.KeepAlive(tree);
    GC.KeepAlive(text);
    tree = null;
    text = null;
    var loaded = ConnectorLint.Loading.DesiredStateLoader.Load(args[1], bytes);
    bytes = null;
    Console.WriteLine($"loaded (text, tree, model) {Mb(GC.GetTotalMemory(true))}");
    var findings = ConnectorLint.Linter.Lint(loaded, new ConnectorLint.Rules.LintSettings { Today = new DateOnly(2026, 11, 23) });
    Console.WriteLine($"linted ({findings.Count} findings) {Mb(GC.GetTotalMemory(true))}");
    Console.WriteLine($"peak working set     {Mb(System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64)}");
    if (args.Length == 3 && args[2] == "--hold")
    {
        Console.WriteLine($"holding: dotnet-gcdump collect -p {Environment.ProcessId}, then press Enter");
        Console.ReadLine();
    }

    GC.KeepAlive(loaded);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SpfBenchmarks).Assembly).Run(args);
