using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ConnectorLint.Net;

namespace ConnectorLint.Spf;

/// <summary>The record grammar of RFC 7208 section 12, with an error naming the term and column.</summary>
public static class SpfParser
{
    /// <summary>Is this TXT text an SPF version 1 record ("v=spf1" then a space or the end)?</summary>
    public static bool IsSpfRecord(string text) =>
        text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');

    /// <summary>Parses a record without throwing: a broken record is an ordinary outcome, not an exception.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SpfRecord? record, [NotNullWhen(false)] out SpfSyntaxError? error)
    {
        record = ParseRecord(text, out error);
        return record is not null;
    }

    /// <summary>Parses a record that is expected to be valid.</summary>
    /// <exception cref="SpfSyntaxException">The record breaks the grammar.</exception>
    public static SpfRecord Parse(string text) =>
        TryParse(text, out var record, out var error) ? record : throw new SpfSyntaxException(error);

    private static SpfRecord? ParseRecord(string text, out SpfSyntaxError? error)
    {
        error = null;
        if (!IsSpfRecord(text))
        {
            error = new SpfSyntaxError("an SPF record starts with 'v=spf1' followed by a space", text.Split(' ')[0], 1);
            return null;
        }

        var terms = new List<SpfTerm>();
        SpfModifier? redirect = null;
        SpfModifier? explanation = null;
        var i = 6;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            var end = text.IndexOf(' ', i);
            if (end < 0)
            {
                end = text.Length;
            }

            var termText = text[i..end];
            var column = i + 1;
            var term = ParseTerm(termText, column, out error);
            if (term is null)
            {
                return null;
            }

            if (term is SpfModifier modifier)
            {
                if (modifier.Name.Equals("redirect", StringComparison.OrdinalIgnoreCase))
                {
                    if (redirect is not null)
                    {
                        error = new SpfSyntaxError("a second 'redirect' modifier; a record may have only one", termText, column);
                        return null;
                    }

                    redirect = modifier;
                }
                else if (modifier.Name.Equals("exp", StringComparison.OrdinalIgnoreCase))
                {
                    if (explanation is not null)
                    {
                        error = new SpfSyntaxError("a second 'exp' modifier; a record may have only one", termText, column);
                        return null;
                    }

                    explanation = modifier;
                }
            }

            terms.Add(term);
            i = end;
        }

        return new SpfRecord(text, terms, redirect, explanation);
    }

    private static SpfTerm? ParseTerm(string term, int column, out SpfSyntaxError? error)
    {
        // name "=" macro-string is a modifier; mechanism names never contain '='
        var eq = term.IndexOf('=');
        var colonOrSlash = term.IndexOfAny([':', '/']);
        if (eq > 0 && (colonOrSlash < 0 || eq < colonOrSlash))
        {
            var name = term[..eq];
            if (!char.IsAsciiLetter(name[0]) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                error = new SpfSyntaxError($"'{name}' is not a valid modifier name", term, column);
                return null;
            }

            var value = term[(eq + 1)..];
            var isDomainSpec = name.Equals("redirect", StringComparison.OrdinalIgnoreCase) || name.Equals("exp", StringComparison.OrdinalIgnoreCase);
            var macro = isDomainSpec
                ? DomainSpec(value, term, column + eq + 1, $"'{name}=' needs a domain", out error)
                : MacroParser.TryParse(value, term, column + eq + 1, out var parsed, out error) ? parsed : null;
            return macro is null ? null : new SpfModifier(name.ToLowerInvariant(), macro, term, column);
        }

        var qualifier = SpfQualifier.Pass;
        var start = 0;
        switch (term[0])
        {
            case '+': qualifier = SpfQualifier.Pass; start = 1; break;
            case '-': qualifier = SpfQualifier.Fail; start = 1; break;
            case '~': qualifier = SpfQualifier.SoftFail; start = 1; break;
            case '?': qualifier = SpfQualifier.Neutral; start = 1; break;
        }

        var nameEnd = term.IndexOfAny([':', '/'], start);
        var mechanism = (nameEnd < 0 ? term[start..] : term[start..nameEnd]).ToLowerInvariant();
        var rest = nameEnd < 0 ? "" : term[nameEnd..];
        var restColumn = column + (nameEnd < 0 ? term.Length : nameEnd);
        error = null;

        SpfMechanism Make(SpfMechanismKind kind, MacroString? spec = null, IpRange? network = null, int? c4 = null, int? c6 = null) =>
            new(qualifier, kind, spec, network, c4, c6, term, column);

        SpfMechanism? Fail(string message, int at, out SpfSyntaxError failure)
        {
            failure = new SpfSyntaxError(message, term, at);
            return null;
        }

        switch (mechanism)
        {
            case "all":
                return rest.Length > 0 ? Fail("'all' takes no argument", restColumn, out error!) : Make(SpfMechanismKind.All);

            case "include" or "exists":
            {
                if (!rest.StartsWith(':'))
                {
                    return Fail($"'{mechanism}' needs ':' and a domain", restColumn, out error!);
                }

                var kind = mechanism == "include" ? SpfMechanismKind.Include : SpfMechanismKind.Exists;
                var spec = DomainSpec(rest[1..], term, restColumn + 1, $"'{mechanism}:' needs a domain", out error);
                return spec is null ? null : Make(kind, spec);
            }

            case "a" or "mx":
            {
                var kind = mechanism == "a" ? SpfMechanismKind.A : SpfMechanismKind.Mx;
                if (!DualCidr(rest, term, restColumn, out var specText, out var c4, out var c6, out error))
                {
                    return null;
                }

                MacroString? spec = null;
                if (specText is not null)
                {
                    spec = DomainSpec(specText, term, restColumn + 1, $"'{mechanism}:' needs a domain", out error);
                    if (spec is null)
                    {
                        return null;
                    }
                }

                return Make(kind, spec, null, c4, c6);
            }

            case "ptr":
            {
                if (rest.Length == 0)
                {
                    return Make(SpfMechanismKind.Ptr);
                }

                if (!rest.StartsWith(':'))
                {
                    return Fail("'ptr' takes only ':domain'", restColumn, out error!);
                }

                var spec = DomainSpec(rest[1..], term, restColumn + 1, "'ptr:' needs a domain", out error);
                return spec is null ? null : Make(SpfMechanismKind.Ptr, spec);
            }

            case "ip4":
            {
                if (!rest.StartsWith(':'))
                {
                    return Fail("'ip4' needs ':' and an IPv4 address", restColumn, out error!);
                }

                var value = rest[1..];
                var slash = value.IndexOf('/');
                var addressText = slash < 0 ? value : value[..slash];
                if (!IsIPv4Network(addressText) || !IPAddress.TryParse(addressText, out var address))
                {
                    return Fail($"'{addressText}' is not an IPv4 address", restColumn + 1, out error!);
                }

                var prefix = 32;
                if (slash >= 0)
                {
                    if (CidrLength(value[(slash + 1)..], 32, term, restColumn + 1 + slash, out error) is not { } length)
                    {
                        return null;
                    }

                    prefix = length;
                }

                return Make(SpfMechanismKind.Ip4, null, IpRange.Parse($"{address}/{prefix}"), prefix);
            }

            case "ip6":
            {
                if (!rest.StartsWith(':'))
                {
                    return Fail("'ip6' needs ':' and an IPv6 address", restColumn, out error!);
                }

                var value = rest[1..];
                var slash = value.IndexOf('/');
                var addressText = slash < 0 ? value : value[..slash];
                if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6
                    || addressText.Contains('%') || !addressText.Contains(':'))
                {
                    return Fail($"'{addressText}' is not an IPv6 address", restColumn + 1, out error!);
                }

                var prefix = 128;
                if (slash >= 0)
                {
                    if (CidrLength(value[(slash + 1)..], 128, term, restColumn + 1 + slash, out error) is not { } length)
                    {
                        return null;
                    }

                    prefix = length;
                }

                return Make(SpfMechanismKind.Ip6, null, IpRange.Parse($"{address}/{prefix}"), null, prefix);
            }

            default:
                return Fail($"'{(mechanism.Length == 0 ? term : mechanism)}' is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a name=value modifier", column, out error!);
        }
    }

    /// <summary>ip4-network: four qnums 0-255 without leading zeros.</summary>
    private static bool IsIPv4Network(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)
            && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>[ ":" domain-spec ] [ ip4-cidr ] [ "/" ip6-cidr ], the CIDRs taken from the end.</summary>
    private static bool DualCidr(string rest, string term, int column, out string? spec, out int? c4, out int? c6, out SpfSyntaxError? error)
    {
        spec = null;
        c4 = null;
        c6 = null;
        error = null;
        var body = rest;
        var dual = body.LastIndexOf("//", StringComparison.Ordinal);
        if (dual >= 0 && body[(dual + 2)..].All(char.IsAsciiDigit))
        {
            c6 = CidrLength(body[(dual + 2)..], 128, term, column + dual + 1, out error);
            if (c6 is null)
            {
                return false;
            }

            body = body[..dual];
        }

        var single = body.LastIndexOf('/');
        if (single >= 0 && body[(single + 1)..].All(char.IsAsciiDigit))
        {
            c4 = CidrLength(body[(single + 1)..], 32, term, column + single, out error);
            if (c4 is null)
            {
                return false;
            }

            body = body[..single];
        }

        if (body.Length == 0)
        {
            return true;
        }

        if (!body.StartsWith(':'))
        {
            error = new SpfSyntaxError($"unexpected '{body}'; expected ':domain' or a /CIDR length", term, column);
            return false;
        }

        spec = body[1..];
        return true;
    }

    private static int? CidrLength(string digits, int max, string term, int column, out SpfSyntaxError? error)
    {
        error = null;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0')
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > max)
        {
            error = new SpfSyntaxError($"'/{digits}' is not a CIDR length from 0 to {max}", term, column);
            return null;
        }

        return length;
    }

    /// <summary>domain-spec = macro-string domain-end; domain-end = "." toplabel ["."] / macro-expand.</summary>
    private static MacroString? DomainSpec(string text, string term, int column, string emptyMessage, out SpfSyntaxError? error)
    {
        if (text.Length == 0)
        {
            error = new SpfSyntaxError(emptyMessage, term, column);
            return null;
        }

        if (!MacroParser.TryParse(text, term, column, out var macro, out error))
        {
            return null;
        }

        if (macro.EndsInMacroExpand)
        {
            return macro;
        }

        // The literal tail must end in "." toplabel ["."], and a toplabel is not all digits.
        var trimmed = text.EndsWith('.') ? text[..^1] : text;
        var dot = trimmed.LastIndexOf('.');
        var toplabel = dot < 0 ? trimmed : trimmed[(dot + 1)..];
        if (dot < 0)
        {
            error = new SpfSyntaxError($"'{text}' is not a domain: it needs at least two labels", term, column);
            return null;
        }

        if (!IsTopLabel(toplabel))
        {
            error = new SpfSyntaxError($"'{text}' does not end in a valid top-level label ('{toplabel}')", term, column);
            return null;
        }

        return macro;
    }

    private static bool IsTopLabel(string label) =>
        label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && label[0] != '-' && label[^1] != '-'
        && (label.Any(char.IsAsciiLetter) || label.Contains('-'));
}
