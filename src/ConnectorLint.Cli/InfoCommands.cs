using ConnectorLint.Diagnostics;
using System.CommandLine;
using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Cli;

internal static class InfoCommands
{
    public static Command Schema(TextWriter stdout)
    {
        var command = new Command("schema", "Print the JSON schema of the desired-state format (for editors and CI).");
        command.SetAction(_ =>
        {
            stdout.Write(DesiredStateSchema.Instance.Text);
            return CommandLineApp.Clean;
        });
        return command;
    }

    public static Command Rules(TextWriter stdout)
    {
        var command = new Command("rules", "List every rule: ID, default severity, title.");
        command.SetAction(_ =>
        {
            foreach (var rule in RuleCatalog.Descriptors)
            {
                stdout.WriteLine($"{rule.Id}  {rule.DefaultSeverity.ToString().ToLowerInvariant(),-7}  {rule.Title}");
            }

            return CommandLineApp.Clean;
        });
        return command;
    }

    public static Command Explain(TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<string>("rule") { Description = $"A rule ID such as {InboundConnectorRules.CertificateNameMismatch.Descriptor.Id}." };
        var command = new Command("explain", "Print a rule's documentation page.") { id };
        command.SetAction(parse =>
        {
            var ruleId = parse.GetValue(id)!.Trim().ToUpperInvariant();
            var page = RuleDocumentation.Page(ruleId);
            if (page is null)
            {
                var suggestion = NearestName.Among(ruleId, RuleCatalog.Descriptors.Select(d => d.Id));
                stderr.WriteLine($"connectorlint: error: no rule '{PrintableText.Escape(ruleId)}'{(suggestion is null ? "" : $"; did you mean {suggestion}?")} 'connectorlint rules' lists them.");
                return CommandLineApp.ToolFailure;
            }

            stdout.Write(page);
            return CommandLineApp.Clean;
        });
        return command;
    }
}
