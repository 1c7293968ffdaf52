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

BenchmarkSwitcher.FromAssembly(typeof(SpfBenchmarks).Assembly).Run(args);
