using BenchmarkDotNet.Attributes;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Rules;

namespace ConnectorLint.Benchmarks;

/// <summary>The lint pipeline's stages on a generated organization of 1,000 domains, 20 connectors, 50 senders.</summary>
[MemoryDiagnoser]
public class LintBenchmarks
{
    private string text = null!;
    private YamlNode root = null!;
    private LoadedDocument document = null!;
    private DesiredState state = null!;
    private readonly LintSettings settings = new() { Today = new DateOnly(2026, 11, 23) };

    [Params(1000)]
    public int Domains { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        text = OrganizationGenerator.Yaml(Domains, 20, 50);
        root = YamlTreeReader.Read("bench.yaml", text).Root!;
        document = DesiredStateLoader.Load("bench.yaml", text);
        state = document.State ?? throw new InvalidOperationException(string.Join("\n", document.Problems));
        if (Linter.Lint(document, settings).Count != 0)
        {
            throw new InvalidOperationException("the generated organization should lint clean");
        }
    }

    [Benchmark]
    public YamlNode? LoadYamlWithPositions() => YamlTreeReader.Read("bench.yaml", text).Root;

    [Benchmark]
    public int SchemaValidation() => DesiredStateSchema.Instance.Validate(root, "bench.yaml").Count;

    [Benchmark]
    public LoadedDocument LoadValidateBuildModel() => DesiredStateLoader.Load("bench.yaml", text);

    [Benchmark]
    public int AllRules() => Linter.Lint(document, settings).Count;

    [Benchmark]
    public FlowTrace Trace()
    {
        var simulator = new MailFlowSimulator(state);
        return simulator.Trace(MailFlowSimulator.ForSender(state.Senders[0], MailFlowSimulator.ExternalRecipient));
    }
}
