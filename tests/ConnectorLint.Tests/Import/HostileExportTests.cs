using System.Diagnostics;
using System.Text;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// Damaged and hostile exports (issue 28, item 9): each is exit 2 with a message that names the file
/// and the place, in bounded time and memory; never a crash, an internal error or a hang.
/// </summary>
public sealed class HostileExportTests
{
    private static string Fixture => Path.Combine(TestPaths.RepositoryRoot, "tests", "ConnectorLint.Tests", "Import", "Fixtures", "classic-hybrid");

    /// <summary>The classic-hybrid export copied into <paramref name="folder"/>, with <paramref name="file"/> replaced.</summary>
    private static string ExportWith(TemporaryFolder folder, string file, string content)
    {
        foreach (var source in Directory.GetFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder.Path, Path.GetRelativePath(Fixture, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        var replaced = Path.Combine(folder.Path, file);
        foreach (var sibling in Directory.GetFiles(Path.GetDirectoryName(replaced)!, Path.GetFileNameWithoutExtension(replaced) + ".*"))
        {
            File.Delete(sibling);
        }

        File.WriteAllText(replaced, content);
        return folder.Path;
    }

    private static CliResult Import(string folder)
    {
        var run = Task.Run(() => CliRunner.Run("import", folder));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the import did not end within a minute");
        Assert.DoesNotContain("internal error", run.Result.Stderr, StringComparison.Ordinal);
        return run.Result;
    }

    private const string Objs = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">";

    [Fact]
    public void CliXml_nested_past_any_real_export_is_refused_without_overflowing_the_stack()
    {
        using var folder = new TemporaryFolder();
        var depth = 20_000;
        var xml = new StringBuilder(Objs);
        for (var i = 0; i < depth; i++)
        {
            xml.Append("<Obj><Props><Obj N=\"x\">");
        }

        for (var i = 0; i < depth; i++)
        {
            xml.Append("</Obj></Props></Obj>");
        }

        xml.Append("</Objs>");

        var result = Import(ExportWith(folder, "ExchangeServer/SendConnector.xml", xml.ToString()));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SendConnector.xml", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nests deeper than 100 levels", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Thirty levels of ten references each: 10^30 values from a few kilobytes.</summary>
    [Fact]
    public void References_that_multiply_are_refused()
    {
        using var folder = new TemporaryFolder();
        var xml = new StringBuilder(Objs).Append("<Obj RefId=\"0\"><Props><S N=\"Name\">x</S></Props></Obj>");
        for (var level = 1; level <= 30; level++)
        {
            xml.Append($"<Obj RefId=\"{level}\"><LST>");
            for (var i = 0; i < 10; i++)
            {
                xml.Append($"<Ref RefId=\"{level - 1}\" />");
            }

            xml.Append("</LST></Obj>");
        }

        xml.Append("</Objs>");

        var result = Import(ExportWith(folder, "ExchangeServer/SendConnector.xml", xml.ToString()));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SendConnector.xml", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("its references stand for more than", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_primitive_that_holds_elements_is_refused_at_its_line()
    {
        using var folder = new TemporaryFolder();
        var xml = Objs + "\n<Obj RefId=\"0\"><Props>\n<S N=\"Name\"><Obj><S>x</S></Obj></S></Props></Obj></Objs>";

        var result = Import(ExportWith(folder, "ExchangeServer/SendConnector.xml", xml));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3: <S> holds elements; a CliXml primitive holds text only.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dictionary_entry_whose_value_comes_before_its_key_is_refused_at_its_line()
    {
        // The reader builds values as it streams: a Value read before its Key would have no name to go under.
        using var folder = new TemporaryFolder();
        var xml = Objs + "\n<Obj RefId=\"0\"><DCT>\n<En><S N=\"Value\">v</S><S N=\"Key\">Name</S></En></DCT></Obj></Objs>";

        var result = Import(ExportWith(folder, "ExchangeServer/SendConnector.xml", xml));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3: a dictionary entry holds its Value before its Key; Export-Clixml writes the Key first.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dictionary_entry_names_its_value_by_its_first_key_whatever_else_it_holds()
    {
        var xml = Objs + "\n<Obj RefId=\"0\"><DCT>\n<En><S N=\"Key\">Na_x006D_e</S><S N=\"Other\">x</S><S N=\"Key\">Second</S><S N=\"Value\">first</S><S N=\"Value\">second</S></En>"
            + "<En><S N=\"Key\">KeyOnly</S></En></DCT></Obj></Objs>";

        var value = Assert.Single(ConnectorLint.Import.CliXml.Parse("SendConnector.xml", System.Text.Encoding.UTF8.GetBytes(xml)));

        Assert.Equal("first", value.Property("Name")!.Text);
        Assert.Equal("SendConnector.xml: $[0].Name", value.Property("Name")!.ToString());
        Assert.Null(value.Property("Second"));
        Assert.Null(value.Property("KeyOnly"));
    }

    [Fact]
    public void Of_two_properties_whose_names_differ_only_in_case_the_later_counts_and_paths_name_nested_items()
    {
        var xml = Objs + "\n<Obj RefId=\"0\"><MS><S N=\"Name\">first</S><S N=\"Zone\">z</S><S N=\"NAME\">later</S>"
            + "<Obj N=\"AddressSpaces\"><LST><S>a</S><S>b</S></LST></Obj></MS></Obj></Objs>";

        var value = Assert.Single(ConnectorLint.Import.CliXml.Parse("SendConnector.xml", System.Text.Encoding.UTF8.GetBytes(xml)));

        Assert.Equal(("later", "later", "z"), (value.Property("name")!.Text, value.Property("Name")!.Text, value.Property("zone")!.Text));
        Assert.Null(value.Property("Nam"));
        Assert.Equal("SendConnector.xml: $[0].AddressSpaces[1]", value.Property("AddressSpaces")!.Items[1].ToString());
    }

    [Fact]
    public void Exchange_versions_bytes_and_secure_strings_are_read_and_dropped()
    {
        using var folder = new TemporaryFolder();
        var original = File.ReadAllText(Path.Combine(Fixture, "ExchangeServer", "SendConnector.xml"));
        var xml = original.Replace("<B N=\"Enabled\">true</B>",
            "<B N=\"Enabled\">true</B><Obj N=\"ExchangeVersion\"><Props><By N=\"Major\">0</By><By N=\"Minor\">20</By></Props></Obj><SS N=\"Password\">76492d1116743f0423413b16050a5345</SS>",
            StringComparison.Ordinal);
        Assert.NotEqual(original, xml);

        var result = Import(ExportWith(folder, "ExchangeServer/SendConnector.xml", xml));

        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    [Fact]
    public void A_date_outside_the_calendar_is_a_message()
    {
        using var folder = new TemporaryFolder();
        var json = "[{\"Subject\":\"CN=mail.contoso.com\",\"Issuer\":\"CN=Contoso Issuing CA\",\"Thumbprint\":\"7D949D1DD61D5AC21887ED74389686B67DCD64CC\","
            + "\"NotAfter\":\"\\/Date(999999999999999)\\/\",\"Services\":\"SMTP\",\"CertificateDomains\":[\"mail.contoso.com\"],\"RawData\":null,\"Identity\":\"EX01\\\\7D949D1DD61D5AC21887ED74389686B67DCD64CC\"}]";

        var result = Import(ExportWith(folder, "ExchangeServer/ExchangeCertificate.json", json));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ExchangeCertificate.json", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not a date: it lies outside the years 1 to 9999", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initial_domain_without_a_dot_is_a_message()
    {
        using var folder = new TemporaryFolder();
        var json = "[{\"DomainName\":\"contoso\",\"DomainType\":\"Authoritative\",\"Default\":true,\"MatchSubDomains\":false,\"InitialDomain\":true}]";

        var result = Import(ExportWith(folder, "ExchangeOnline/AcceptedDomain.json", json));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the initial domain 'contoso' is not <tenant>.onmicrosoft.com", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_a_message_at_its_path()
    {
        using var folder = new TemporaryFolder();
        var json = "[{\"DomainName\":\"contoso.onmicrosoft.com\",\"DomainType\":\"Authoritative\",\"Default\":true,\"MatchSubDomains\":false,\"InitialDomain\":true,\"Description\":\"\\uD800\"}]";

        var result = Import(ExportWith(folder, "ExchangeOnline/AcceptedDomain.json", json));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("AcceptedDomain.json", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("$[0].Description", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("half of a UTF-16 surrogate pair", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A FIFO where an export file belongs: opening it for reading would wait for a writer forever.</summary>
    [Fact]
    public void A_fifo_in_the_export_folder_is_refused_at_once()
    {
        using var folder = new TemporaryFolder();
        ExportWith(folder, "ExchangeServer/SendConnector.xml", "placeholder");
        var fifo = Path.Combine(folder.Path, "ExchangeServer", "SendConnector.xml");
        File.Delete(fifo);
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var result = Import(folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a regular file (a FIFO, a socket or a device)", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Two thousand connectors on a port the format refuses: the message names a few and counts the rest.</summary>
    [Fact]
    public void Thousands_of_problems_make_one_short_message()
    {
        using var folder = new TemporaryFolder();
        var connectors = string.Join(",", Enumerable.Range(0, 2000).Select(i =>
            $"{{\"Name\":\"Connector {i}\",\"Enabled\":true,\"AddressSpaces\":[\"SMTP:*;1\"],\"DNSRoutingEnabled\":true,\"Port\":99999,\"SourceTransportServers\":[\"EX01\"],\"RequireTLS\":false,\"SmartHostAuthMechanism\":\"None\",\"CloudServicesMailEnabled\":false,\"FrontendProxyEnabled\":false}}"));

        var result = Import(ExportWith(folder, "ExchangeServer/SendConnector.json", "[" + connectors + "]"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("and 1995 more", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stderr.Length < 4096, $"{result.Stderr.Length} characters");
    }

    /// <summary>Export text reaches the imported file's values and comments; none of it reaches the terminal raw.</summary>
    [Fact]
    public void Control_and_bidirectional_characters_from_the_export_are_escaped_in_the_imported_file()
    {
        using var folder = new TemporaryFolder();
        var original = File.ReadAllText(Path.Combine(Fixture, "ExchangeServer", "SendConnector.xml"));
        var xml = original
            .Replace("<ToString>Internet</ToString>", "<ToString>Internet_x001B_[31m_x0007_\u202E</ToString>", StringComparison.Ordinal)
            .Replace("<S N=\"Name\">Internet</S>", "<S N=\"Name\">Internet_x001B_[31m_x0007_\u202Etxt.exe</S>", StringComparison.Ordinal)
            .Replace("&lt;S&gt;CN=mail.contoso.com", "&lt;S&gt;CN=mail.contoso.com_x001B_]0;pwned_x0007_", StringComparison.Ordinal);
        Assert.NotEqual(original, xml);

        var result = Import(ExportWith(folder, "ExchangeServer/SendConnector.xml", xml));

        Assert.Contains("Internet\\u001B[31m\\u0007\\u202Etxt.exe", result.Stdout, StringComparison.Ordinal);
        foreach (var c in result.Stdout + result.Stderr)
        {
            Assert.False(c != '\n' && (char.IsControl(c) || ConnectorLint.Diagnostics.PrintableText.IsBidiControl(c)), $"raw U+{(int)c:X4} in the import's output");
        }
    }

    /// <summary>
    /// A 12 MB text at the bottom of 90 nested objects: reading each object's whole text at every level
    /// allocated 3.2 GB. Allocation is counted on this thread (deterministic), never timed.
    /// </summary>
    [Fact]
    public void A_large_text_deep_down_is_read_once_not_at_every_level()
    {
        var xml = new StringBuilder(Objs);
        for (var i = 0; i < 45; i++)
        {
            xml.Append("<Obj><Props><Obj N=\"x\">");
        }

        xml.Append("<Props><S N=\"Description\">").Append('a', 12_000_000).Append("</S></Props>");
        for (var i = 0; i < 45; i++)
        {
            xml.Append("</Obj></Props></Obj>");
        }

        var bytes = Encoding.UTF8.GetBytes(xml.Append("</Objs>").ToString());
        var before = GC.GetAllocatedBytesForCurrentThread();

        var objects = ConnectorLint.Import.CliXml.Parse("SendConnector.xml", bytes);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Single(objects);
        Assert.True(allocated < 20L * bytes.Length, $"{allocated:N0} bytes allocated for a {bytes.Length:N0}-byte file");
    }
}
