using System.Management.Automation.Language;
using System.Text.Json.Nodes;
using ConnectorLint.Drift;
using ConnectorLint.Import;
using Xunit;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// tools/Export-MailFlowState.ps1, read with PowerShell's own parser: it parses, runs only Get-
/// cmdlets, writes every file the import reads under the name the import expects, and selects every
/// property the import reads (an export cut down to the script's properties imports with nothing
/// missing and gives the example back).
/// </summary>
public sealed class ExportScriptTests
{
    private static readonly string ScriptPath = Path.Combine(TestPaths.RepositoryRoot, "tools", "Export-MailFlowState.ps1");

    private static ScriptBlockAst Parse()
    {
        var ast = Parser.ParseFile(ScriptPath, out _, out var errors);
        Assert.Empty(errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"));
        return ast;
    }

    [Fact]
    public void The_script_parses_and_runs_only_read_only_cmdlets()
    {
        var commands = Parse().FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).OfType<string>()
            .Where(n => n.Contains('-', StringComparison.Ordinal)).Distinct().ToList();

        var exchange = commands.Where(n => n is not ("Select-Object" or "Where-Object" or "ForEach-Object" or "Export-Clixml" or "Set-Content" or "New-Item"
            or "Join-Path" or "Write-Host" or "Get-Command" or "ConvertTo-Json" or "Out-Null" or "Save-Export" or "Get-Text" or "Get-Texts" or "Assert-Cmdlets" or "Set-StrictMode"
            or "Invoke-Export" or "Split-Path" or "Test-Path" or "Remove-Item" or "Move-Item" or "Get-ChildItem")).ToList();
        Assert.All(exchange, n => Assert.StartsWith("Get-", n, StringComparison.Ordinal));
        Assert.Empty(ExchangeExport.Layout.Select(l => l.Cmdlet).Distinct().Except(exchange));
    }

    [Fact]
    public void The_script_writes_every_file_the_import_reads()
    {
        var written = SavedExports(Parse()).Select(s => (s.Folder, s.Name)).ToHashSet();

        Assert.Equal(ExchangeExport.Layout.Select(l => (l.Folder, l.Name)).ToHashSet(), written);
    }

    [Theory]
    [InlineData("contoso-hybrid.yaml")]
    [InlineData("topologies/c-centralized-mail-transport.yaml")]
    [InlineData("topologies/f-domains-and-partners.yaml")]
    [InlineData("topologies/g-edge-subscription.yaml")]
    public async Task An_export_with_only_the_scripts_properties_imports_with_nothing_missing(string example)
    {
        var original = ImportRoundTripTests.Load(example);
        using var folder = new TemporaryFolder();
        ExportShapes.Write(original, folder.Path, ExportShape.PowerShell7Json);
        foreach (var saved in SavedExports(Parse()))
        {
            var path = Path.Combine(folder.Path, saved.Folder, saved.Name + ".json");
            if (!File.Exists(path) || saved.Properties.Count == 0)
            {
                continue;
            }

            var root = JsonNode.Parse(File.ReadAllText(path))!;
            foreach (var item in root is JsonArray array ? array.Select(i => i!) : [root])
            {
                foreach (var name in item.AsObject().Select(p => p.Key).ToList().Where(k => !saved.Properties.Contains(k, StringComparer.OrdinalIgnoreCase)))
                {
                    item.AsObject().Remove(name);
                }
            }

            File.WriteAllText(path, root.ToJsonString());
        }

        var report = await ImportEngine.RunAsync(new ImportRequest(folder.Path));

        Assert.Empty(report.Result.Unheld.Select(u => $"{u.Key.Section} {u.Key.Name}: {string.Join(", ", u.Value)}"));
        Assert.Empty(new ConfigDriftChecker(report.State, report.Result, folder.Path).Check(original).Select(o => o.Message));
    }

    private sealed record SavedExport(string Folder, string Name, IReadOnlyCollection<string> Properties);

    /// <summary>Each Save-Export call: the side it is in (the if block on $ExchangeOnline or $ExchangeServer), its name, and the properties it selects.</summary>
    private static IReadOnlyList<SavedExport> SavedExports(ScriptBlockAst script)
    {
        var saved = new List<SavedExport>();
        foreach (var call in script.FindAll(a => a is CommandAst c && c.GetCommandName() == "Save-Export", true).Cast<CommandAst>())
        {
            var side = call.Parent;
            while (side is not null && !(side is IfStatementAst branch && branch.Clauses.Any(c => c.Item1.Extent.Text is "$ExchangeOnline" or "$ExchangeServer")))
            {
                side = side.Parent;
            }

            var folder = ((IfStatementAst)side!).Clauses[0].Item1.Extent.Text.TrimStart('$');
            var name = ((StringConstantExpressionAst)call.CommandElements[2]).Value;
            saved.Add(new SavedExport(folder, name, Selected(call.CommandElements[3], script)));
        }

        return saved;
    }

    private static HashSet<string> Selected(Ast source, ScriptBlockAst script)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var selects = source.FindAll(a => a is CommandAst c && c.GetCommandName() == "Select-Object", true).Cast<CommandAst>().ToList();
        var objects = source.FindAll(a => a is ConvertExpressionAst { Child: HashtableAst }, true).Cast<ConvertExpressionAst>().ToList();
        if (selects.Count == 0 && objects.Count == 0)
        {
            // @($variable): what the variable was assigned.
            foreach (var variable in source.FindAll(a => a is VariableExpressionAst, true).Cast<VariableExpressionAst>())
            {
                foreach (var assignment in script.FindAll(a => a is AssignmentStatementAst s && s.Left is VariableExpressionAst v && v.VariablePath.UserPath == variable.VariablePath.UserPath, true))
                {
                    names.UnionWith(Selected(assignment, script));
                }
            }

            return names;
        }

        foreach (var select in selects)
        {
            foreach (var element in select.CommandElements.Skip(1))
            {
                foreach (var item in element is ArrayLiteralAst list ? list.Elements.Cast<Ast>() : [element])
                {
                    if (item is StringConstantExpressionAst word)
                    {
                        names.Add(word.Value);
                    }
                    else if (item is HashtableAst table)
                    {
                        names.Add(table.KeyValuePairs.Where(p => p.Item1.Extent.Text is "n" or "Name").Select(p => p.Item2.Extent.Text.Trim('\'', '"', ' ')).First());
                    }
                }
            }
        }

        foreach (var table in objects.Select(o => (HashtableAst)o.Child))
        {
            names.UnionWith(table.KeyValuePairs.Select(p => p.Item1.Extent.Text));
        }

        return names;
    }
}
