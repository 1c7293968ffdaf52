using System.Globalization;
using System.Text.RegularExpressions;

namespace ConnectorLint.Import;

/// <summary>Reading values from the export: text, booleans, numbers, dates, enumerations and lists as Exchange writes them.</summary>
public sealed partial class ExchangeImporter
{
    /// <summary>Adds <paramref name="key"/> from the property; a property the object does not have is recorded as not held.</summary>
    private void Add(List<OutputEntry> entries, ImportedObject self, PowerShellValue value, string property, string key, Func<PowerShellValue, OutputNode?> convert, bool omitEmpty = false)
    {
        if (value.Property(property) is not { } held)
        {
            Unheld(self, key);
            return;
        }

        if (convert(held) is { } node && !(omitEmpty && node is OutputSequence { Items.Count: 0 }))
        {
            entries.Add(new OutputEntry(key, node));
        }
    }

    private void Unheld(ImportedObject self, string key)
    {
        if (!unheld.TryGetValue(self, out var keys))
        {
            unheld[self] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add(key);
    }

    private static string Name(PowerShellValue value) =>
        Text(value.Property("Name")) is { Length: > 0 } name ? name : throw new ExportFormatException(value.File, value.Path, "an object without a Name.");

    private static string ServerName(PowerShellValue connector) =>
        connector.Property("Server") is { } server && ObjectName(server) is { Length: > 0 } name
            ? name
            : Text(connector.Property("Identity")) is { } identity && identity.Contains('\\', StringComparison.Ordinal) ? identity[..identity.IndexOf('\\', StringComparison.Ordinal)]
            : throw new ExportFormatException(connector.File, connector.Path, "a receive connector without Server.");

    /// <summary>An AD object reference (ADObjectId) by its name: "EX01", or the object with Name.</summary>
    private static string ObjectName(PowerShellValue value) =>
        value.Kind == PowerShellValueKind.Object ? Text(value.Property("Name")) ?? value.Text ?? "" : RejectFlattened(value, value.Text ?? "");

    private static string ObjectText(PowerShellValue value) =>
        value.Kind == PowerShellValueKind.Object ? Printed(value) : RejectFlattened(value, value.Text ?? "");

    /// <summary>
    /// The text of a single value. An Exchange type that ConvertTo-Json wrote as an object reads as
    /// Exchange prints it: SmtpX509Identifier as &lt;I&gt;issuer&lt;S&gt;subject, a domain as its
    /// name (*.contoso.com with subdomains), an address, an AD object by its name.
    /// </summary>
    private static string? Text(PowerShellValue? value) => value switch
    {
        null or { IsNull: true } => null,
        { Kind: PowerShellValueKind.Object } => Printed(value),
        { Kind: PowerShellValueKind.List, Items.Length: 0 } => null,
        { Kind: PowerShellValueKind.List, Items: [var only] } => Text(only),
        { Kind: PowerShellValueKind.List } => throw new ExportFormatException(value.File, value.Path, $"holds {value.Items.Length} values where Exchange has one."),
        _ => value.Text is { Length: > 0 } text ? RejectFlattened(value, text) : null,
    };

    private static string Printed(PowerShellValue value)
    {
        if (value.Text is { Length: > 0 } printed)
        {
            return RejectFlattened(value, printed);
        }

        if (Text(value.Property("CertificateSubject")) is { } subject)
        {
            return $"<I>{Text(value.Property("CertificateIssuer"))}<S>{subject}";
        }

        if (Text(value.Property("Domain")) is { } domain)
        {
            return Bool(value.Property("IncludeSubDomains")) == true && !domain.StartsWith('*') ? "*." + domain : domain;
        }

        return Text(value.Property("Address")) ?? Text(value.Property("HostnameString")) ?? Text(value.Property("Name"))
            ?? throw new ExportFormatException(value.File, value.Path, "an object whose value this import cannot tell; export with tools/Export-MailFlowState.ps1, which writes each value as Exchange prints it.");
    }

    private static OutputNode? TextNode(PowerShellValue value) => Text(value) is { } text ? new OutputScalar(text) : null;

    private static bool? Bool(PowerShellValue? value) => value switch
    {
        null or { IsNull: true } => null,
        { Kind: PowerShellValueKind.Boolean or PowerShellValueKind.Text, Text: var t } when bool.TryParse(t, out var b) => b,
        _ => throw new ExportFormatException(value.File, value.Path, $"'{value.Text}' is not true or false."),
    };

    private static OutputNode? BoolNode(PowerShellValue value) => Bool(value) is { } b ? OutputScalar.Of(b) : null;

    private static int? Int(PowerShellValue value) =>
        value.IsNull ? null
        : value.Number is { } n && n is >= int.MinValue and <= int.MaxValue ? (int)n
        : int.TryParse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new ExportFormatException(value.File, value.Path, $"'{value.Text}' is not a whole number.");

    /// <summary>
    /// The format's version from AdminDisplayVersion ("Version 15.2 (Build 1544.4)"): 14 is Exchange
    /// 2010, 15.0 is 2013, 15.1 is 2016, 15.2 is 2019, and 15.2 from build 2562 the Subscription Edition.
    /// </summary>
    internal static string? ExchangeVersionOf(string adminDisplayVersion)
    {
        var numbers = adminDisplayVersion.Split([' ', '(', ')', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
            .OfType<int>()
            .ToList();
        return numbers switch
        {
            [14, ..] => "exchange2010",
            [15, 0, ..] => "exchange2013",
            [15, 1, ..] => "exchange2016",
            [15, 2, var build, ..] when build >= 2562 => "exchangeSE",
            [15, 2, ..] => "exchange2019",
            _ => null,
        };
    }

    private static DateOnly Date(PowerShellValue value)
    {
        var text = value.Text ?? "";
        if (MicrosoftJsonDate().Match(text) is { Success: true } json)
        {
            var milliseconds = long.Parse(json.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            return milliseconds >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime)
                : throw new ExportFormatException(value.File, value.Path, $"'{text}' is not a date: it lies outside the years 1 to 9999.");
        }

        // The date as the server wrote it: a certificate's day does not move with the reader's time zone.
        return text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ExportFormatException(value.File, value.Path, $"'{text}' is not a date.");
    }

    private static string Single(ExchangeEnumeration enumeration, PowerShellValue value)
    {
        var names = enumeration.Decode(value);
        return names.Count == 1 && enumeration.Format(names[0]) is { } format
            ? format
            : throw new ExportFormatException(value.File, value.Path, $"'{value.Text}' is not one value of {enumeration.Name}.");
    }

    private static OutputSequence Flags(ExchangeEnumeration enumeration, PowerShellValue value, string? none = null)
    {
        var names = enumeration.Decode(value);
        return names.Count == 0 && none is not null
            ? new OutputSequence([new OutputScalar(none)])
            : new OutputSequence([.. names.Select(n => enumeration.Format(n)).OfType<string>().Select(f => new OutputScalar(f))]);
    }

    private static OutputSequence List(PowerShellValue value, Func<PowerShellValue, string> item)
    {
        if (value.Kind == PowerShellValueKind.Text && value.Text is { } text && text.Trim().Contains(' ', StringComparison.Ordinal))
        {
            // A list ConvertTo-Json ran out of depth for: PowerShell joined its items with spaces.
            throw Flattened(value, "a list");
        }

        return new OutputSequence([.. value.AsList().Select(item).Where(s => s.Length > 0).Select(s => new OutputScalar(s))]);
    }

    private static string Plain(PowerShellValue value) => ObjectText(value);

    /// <summary>An address space as Exchange prints it (SMTP:*;1), from the text or from the AddressSpace object.</summary>
    private static string AddressSpace(PowerShellValue value)
    {
        if (value.Kind != PowerShellValueKind.Object)
        {
            return RejectFlattened(value, value.Text ?? "");
        }

        var address = Text(value.Property("Address")) ?? Text(value.Property("Domain"));
        return address is null ? value.Text ?? throw Flattened(value, "an address space")
            : $"{Text(value.Property("Type")) ?? "SMTP"}:{address};{Int(value.Property("Cost") ?? value with { Kind = PowerShellValueKind.Number, Number = 1 }) ?? 1}";
    }

    /// <summary>A smart host: a name, or an address that Exchange prints in brackets.</summary>
    private static string SmartHost(PowerShellValue value)
    {
        if (value.Kind != PowerShellValueKind.Object)
        {
            return RejectFlattened(value, value.Text ?? "");
        }

        // Exchange's SmartHost holds both: Address is 0.0.0.0 for a host name, Domain is null for an address.
        var isAddress = Bool(value.Property("IsIPAddress"));
        var address = isAddress switch
        {
            true => Text(value.Property("Address")),
            false => Text(value.Property("Domain")),
            null => Text(value.Property("Address")) ?? Text(value.Property("Domain")),
        } ?? value.Text ?? throw Flattened(value, "a smart host");
        return isAddress == true && !address.StartsWith('[') ? $"[{address}]" : address;
    }

    /// <summary>An IP range: its Expression (10.0.0.0/24, 10.0.0.1-10.0.0.9, 10.0.0.5), or LowerBound-UpperBound.</summary>
    private static string IpRange(PowerShellValue value)
    {
        if (value.Kind != PowerShellValueKind.Object)
        {
            return RejectFlattened(value, value.Text ?? "");
        }

        if (Text(value.Property("Expression")) is { } expression)
        {
            return expression;
        }

        var lower = Text(value.Property("LowerBound"));
        var upper = Text(value.Property("UpperBound"));
        return lower is null ? value.Text ?? throw Flattened(value, "an IP range") : upper is null || upper == lower ? lower : $"{lower}-{upper}";
    }

    private static string RejectFlattened(PowerShellValue value, string text) =>
        TypeName().IsMatch(text) || (text.StartsWith("@{", StringComparison.Ordinal) && text.EndsWith('}')) ? throw Flattened(value, text) : text;

    private static ExportFormatException Flattened(PowerShellValue value, string what)
    {
        var stem = Path.GetFileNameWithoutExtension(value.File);
        var folder = Path.GetFileName(Path.GetDirectoryName(value.File)) ?? "";
        var cmdlet = ExchangeExport.Layout.FirstOrDefault(l => l.Name.Equals(stem, StringComparison.OrdinalIgnoreCase) && l.Folder.Equals(folder, StringComparison.OrdinalIgnoreCase)).Cmdlet ?? "Get-...";
        return new ExportFormatException(value.File, value.Path,
            $"holds '{Shorten(what)}', which is what ConvertTo-Json writes for a value nested deeper than its -Depth (2 unless given): the file cannot be imported. "
            + $"Export again with a depth of 5: {cmdlet} | ConvertTo-Json -Depth 5 | Set-Content -Encoding utf8 {Path.GetFileName(value.File)} (tools/Export-MailFlowState.ps1 does).");
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..77] + "..." : text;

    [GeneratedRegex(@"^(Deserialized\.)?(System|Microsoft)\.[A-Za-z0-9_.`+]+(\[.*\])?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^/Date\((-?[0-9]{1,15})\)/$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex MicrosoftJsonDate();
}
