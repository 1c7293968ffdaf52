using System.Text;
using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>
/// The parser's verdict on records at the edges of RFC 7208's grammar, as one table: "ok" and the
/// terms it read, or the column, the term and the message `spf lint` shows. A changed boundary, a
/// moved column or a changed word shows here.
/// </summary>
public class SpfSyntaxTableTests
{
    private static readonly string[] Records =
    [
        // The version and modifiers.
        "spf1 -all",
        "v=spf10 -all",
        "v=spf1 redirect=a.example redirect=b.example",
        "v=spf1 exp=a.example exp=b.example -all",
        "v=spf1 a-b!=c -all",
        "v=spf1 unknown-mod=value -all",
        "v=spf1 x.y_z=value -all",
        "v=spf1 mod=%{q} -all",
        "v=spf1 exp=%{d}.%{c}.example -all",
        "v=spf1 a:x=y.example -all",
        "v=spf1 include:a.example/x=1 -all",

        // Mechanisms and their arguments.
        "v=spf1 all:x",
        "v=spf1 -all/24",
        "v=spf1 include: -all",
        "v=spf1 exists: -all",
        "v=spf1 a: -all",
        "v=spf1 mx: -all",
        "v=spf1 ptr/24 -all",
        "v=spf1 ptr:mail.example -all",
        "v=spf1 ip6 -all",
        "v=spf1 ip6: -all",
        "v=spf1 ip6:::1/64 -all",
        "v=spf1 ip6:2001:db8::/32 -all",
        "v=spf1 ip4:1.2.3.4/0 -all",
        "v=spf1 ip4:1.2.3.4/ -all",
        "v=spf1 ip4:1.2.3.4/3x -all",
        "v=spf1 ip4:1.2.3.4/032 -all",
        "v=spf1 ip4:1.2.3.4.5 -all",
        "v=spf1 ip4:1.2..4 -all",
        "v=spf1 ip4:1234.2.3.4 -all",
        "v=spf1 ip4:1.2.3.a -all",
        "v=spf1 + -all",
        "v=spf1 ~ -all",
        "v=spf1 a//64 mx/24//64 -all",
        "v=spf1 a//6x -all",
        "v=spf1 a:mail.example/24//64 -all",
        "v=spf1 a;mail -all",

        // Domain specs.
        "v=spf1 a:example -all",
        "v=spf1 a:mail.example. -all",
        "v=spf1 a:mail.1a -all",
        "v=spf1 a:mail.a-1 -all",
        "v=spf1 a:mail.12 -all",
        "v=spf1 a:mail.-- -all",
        "v=spf1 a:mail.a_b -all",
        "v=spf1 a:mail.%{d} -all",

        // Macros.
        "v=spf1 exists:%{ir}.%{l1r-}.e.example -all",
        "v=spf1 exists:%{d2}.example -all",
        "v=spf1 exists:%{d0}.example -all",
        "v=spf1 exists:%{d1r*}.example -all",
        "v=spf1 exists:%{z}.example -all",
        "v=spf1 exists:%{}.example -all",
        "v=spf1 exists:%{d.example -all",
        "v=spf1 exists:%x.example -all",
        "v=spf1 exists:%%.%_.%-.example -all",
        "v=spf1 exists:%{c}.example -all",
        "v=spf1 exists:%{dR}.example -all",
        "v=spf1 exists:ex~ample.example -all",
        "v=spf1 exists:exämple.example -all",
    ];

    [Fact]
    public void EdgesOfTheGrammar()
    {
        var text = new StringBuilder();
        foreach (var record in Records)
        {
            text.Append(record).Append('\n');
            text.Append(SpfParser.TryParse(record, out var parsed, out var error)
                ? "  ok: " + string.Join(" ", parsed.Mechanisms.Select(m => $"{m.Kind}({m.Text})")) + (parsed.Redirect is { } r ? $" redirect({r.Text})" : "") + (parsed.Explanation is { } e ? $" exp({e.Text})" : "")
                : $"  column {error.Column} '{error.Term}': {error.Message}").Append('\n');
        }

        WholeOutputSnapshot.Match(text.ToString());
    }
}
