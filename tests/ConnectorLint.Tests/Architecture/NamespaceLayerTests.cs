using System.Reflection;
using System.Reflection.Emit;
using ConnectorLint.Diagnostics;

namespace ConnectorLint.Tests.Architecture;

/// <summary>
/// The engine's folders form layers: a namespace may use the ones below it, never one that uses it
/// back. Dependencies are read from the compiled assembly (signatures and method bodies), so a
/// fully qualified name or a lambda cannot hide one.
/// </summary>
public class NamespaceLayerTests
{
    private static readonly Assembly Engine = typeof(Finding).Assembly;

    [Fact]
    public void TheEnginesNamespacesHaveNoCycles()
    {
        var graph = NamespaceGraph(Engine);
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles.Select(c => Describe(c, graph))));
    }

    [Fact]
    public void TheLowerLayersUseNothingAboveThem()
    {
        var graph = NamespaceGraph(Engine);
        string[] foundations = ["ConnectorLint.Model", "ConnectorLint.Net", "ConnectorLint.IO", "ConnectorLint.Diagnostics"];
        string[] upper = ["ConnectorLint", "ConnectorLint.Rules", "ConnectorLint.Reporting", "ConnectorLint.Configuration", "ConnectorLint.Drift", "ConnectorLint.Loading", "ConnectorLint.Exchange"];
        foreach (var low in foundations)
        {
            var above = graph.GetValueOrDefault(low)?.Keys.Intersect(upper).ToList() ?? [];
            Assert.True(above.Count == 0, $"{low} uses {string.Join(", ", above.Select(a => $"{a} ({graph[low][a]})"))}");
        }
    }

    /// <summary>
    /// Every namespace of the engine has its place, lowest first; a namespace uses only those of lower
    /// layers (the same layer's are its peers, and may not use each other). A new namespace fails this
    /// test until it is placed.
    /// </summary>
    private static readonly string[][] Layers =
    [
        ["ConnectorLint.Net"],
        ["ConnectorLint.Model"],
        ["ConnectorLint.Diagnostics"],
        ["ConnectorLint.IO"],
        ["ConnectorLint.Loading", "ConnectorLint.Dns"],
        ["ConnectorLint.Spf"],
        ["ConnectorLint.Exchange"],
        ["ConnectorLint.Import"],
        ["ConnectorLint.Drift", "ConnectorLint.Probe"],
        ["ConnectorLint.Rules"],
        ["ConnectorLint.Configuration"],
        ["ConnectorLint.Plan"],
        ["ConnectorLint.Review"],
        ["ConnectorLint.Reporting"],
        ["ConnectorLint"],
    ];

    [Fact]
    public void EveryNamespaceHasItsLayerAndUsesOnlyLowerOnes()
    {
        var graph = NamespaceGraph(Engine);
        var layerOf = Layers.SelectMany((names, i) => names.Select(n => (n, i))).ToDictionary(p => p.n, p => p.i);
        var namespaces = Engine.GetTypes().Select(NamespaceOf).OfType<string>().Distinct().Order().ToList();

        Assert.DoesNotContain(namespaces, n => !layerOf.ContainsKey(n));
        var upward = graph.SelectMany(from => from.Value.Where(to => layerOf[to.Key] >= layerOf[from.Key]).Select(to => $"{from.Key} uses {to.Key} ({to.Value})")).ToList();
        Assert.True(upward.Count == 0, string.Join("\n", upward));
    }

    /// <summary>The engine takes what GitHub Actions says as values (GitHubRun); only the command line reads the process environment.</summary>
    [Fact]
    public void TheEngineDoesNotReadTheProcessEnvironment()
    {
        var readers = Engine.GetTypes()
            .SelectMany(t => t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)).Select(m => (Type: t, Method: m)))
            .Where(p => MembersUsedBy(p.Method).OfType<MethodBase>().Any(m => m.DeclaringType == typeof(Environment)
                && m.Name is nameof(Environment.GetEnvironmentVariable) or nameof(Environment.GetEnvironmentVariables) or nameof(Environment.ExpandEnvironmentVariables)))
            .Select(p => $"{p.Type.FullName}.{p.Method.Name}")
            .ToList();

        Assert.True(readers.Count == 0, string.Join("\n", readers));
        Assert.Contains(typeof(ConnectorLint.Cli.CommandLineApp).Assembly.GetTypes().SelectMany(t => t.GetMethods(All)), m => MembersUsedBy(m).OfType<MethodBase>().Any(u => u.Name == nameof(Environment.GetEnvironmentVariable)));
    }

    [Fact]
    public void TheGraphReaderSeesDependenciesInMethodBodies()
    {
        // Guards the guard: the runner's use of the catalog is only inside a method body.
        var graph = NamespaceGraph(Engine);
        Assert.Contains("ConnectorLint.Rules", graph["ConnectorLint"].Keys);
        Assert.Contains("ConnectorLint.Diagnostics", graph["ConnectorLint.Rules"].Keys);
    }

    [Fact]
    public void TheCycleFinderFindsACycle()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "a -> b" },
            ["B"] = new() { ["C"] = "b -> c" },
            ["C"] = new() { ["A"] = "c -> a", ["D"] = "c -> d" },
        };
        var cycle = Assert.Single(StronglyConnected(graph), c => c.Count > 1);
        Assert.Equal(["A", "B", "C"], cycle.Order());
    }

    /// <summary>namespace -> (namespace it uses -> one example "Type -> Type").</summary>
    private static Dictionary<string, Dictionary<string, string>> NamespaceGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = NamespaceOf(type);
            if (from is null)
            {
                continue;
            }

            foreach (var used in Uses(type))
            {
                if (NamespaceOf(used) is { } to && to != from && used.Assembly == assembly)
                {
                    var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new(StringComparer.Ordinal);
                    edges.TryAdd(to, $"{type.FullName} -> {used.FullName}");
                }
            }
        }

        return graph;
    }

    private static string? NamespaceOf(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type.Namespace is { } ns && (ns == "ConnectorLint" || ns.StartsWith("ConnectorLint.", StringComparison.Ordinal)) ? ns : null;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Uses(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }

                t = t.GetGenericTypeDefinition();
            }

            if (!t.IsGenericParameter)
            {
                found.Add(t);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var field in type.GetFields(All))
        {
            Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(All))
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            foreach (var member in MembersUsedBy(method))
            {
                switch (member)
                {
                    case Type t: Add(t); break;
                    case FieldInfo f: Add(f.DeclaringType); Add(f.FieldType); break;
                    case MethodBase m: Add(m.DeclaringType); break;
                }
            }
        }

        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    at += 4;
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        member = null;
                    }

                    if (member is not null)
                    {
                        yield return member;
                    }

                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }

    private static string Describe(List<string> cycle, Dictionary<string, Dictionary<string, string>> graph) =>
        string.Join("; ", cycle.SelectMany(from => graph[from].Where(e => cycle.Contains(e.Key)).Select(e => $"{from} -> {e.Key} ({e.Value})")));
}
