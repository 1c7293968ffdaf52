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

    public static bool TryParse(string text, out SpfRecord? record, out SpfSyntaxException? error)
    {
        try
        {
            record = Parse(text);
            error = null;
            return true;
        }
        catch (SpfSyntaxException ex)
        {
            record = null;
            error = ex;
            return false;
        }
    }

    public static SpfRecord Parse(string text)
    {
        if (!IsSpfRecord(text))
        {
            throw new SpfSyntaxException("an SPF record starts with 'v=spf1' followed by a space", text.Split(' ')[0], 1);
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
            var term = ParseTerm(termText, column);
            if (term is SpfModifier modifier)
            {
                if (modifier.Name.Equals("redirect", StringComparison.OrdinalIgnoreCase))
                {
                    if (redirect is not null)
                    {
                        throw new SpfSyntaxException("a second 'redirect' modifier; a record may have only one", termText, column);
                    }

                    redirect = modifier;
                }
                else if (modifier.Name.Equals("exp", StringComparison.OrdinalIgnoreCase))
                {
                    if (explanation is not null)
                    {
                        throw new SpfSyntaxException("a second 'exp' modifier; a record may have only one", termText, column);
                    }

                    explanation = modifier;
                }
            }

            terms.Add(term);
            i = end;
        }

        return new SpfRecord(text, terms, redirect, explanation);
    }

    private static SpfTerm ParseTerm(string term, int column)
    {
        // name "=" macro-string is a modifier; mechanism names never contain '='
        var eq = term.IndexOf('=');
        var colonOrSlash = term.IndexOfAny([':', '/']);
        if (eq > 0 && (colonOrSlash < 0 || eq < colonOrSlash))
        {
            var name = term[..eq];
            if (!char.IsAsciiLetter(name[0]) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                throw new SpfSyntaxException($"'{name}' is not a valid modifier name", term, column);
            }

            var value = term[(eq + 1)..];
            var isDomainSpec = name.Equals("redirect", StringComparison.OrdinalIgnoreCase) || name.Equals("exp", StringComparison.OrdinalIgnoreCase);
            var macro = isDomainSpec
                ? DomainSpec(value, term, column + eq + 1, $"'{name}=' needs a domain")
                : MacroParser.Parse(value, term, column + eq + 1);
            return new SpfModifier(name.ToLowerInvariant(), macro, term, column);
        }

        var qualifier = SpfQualifier.Pass;
        var explicitQualifier = true;
        var start = 0;
        switch (term[0])
        {
            case '+': qualifier = SpfQualifier.Pass; start = 1; break;
            case '-': qualifier = SpfQualifier.Fail; start = 1; break;
            case '~': qualifier = SpfQualifier.SoftFail; start = 1; break;
            case '?': qualifier = SpfQualifier.Neutral; start = 1; break;
            default: explicitQualifier = false; break;
        }

        var nameEnd = term.IndexOfAny([':', '/'], start);
        var mechanism = (nameEnd < 0 ? term[start..] : term[start..nameEnd]).ToLowerInvariant();
        var rest = nameEnd < 0 ? "" : term[nameEnd..];
        var restColumn = column + (nameEnd < 0 ? term.Length : nameEnd);

        SpfMechanism Make(SpfMechanismKind kind, MacroString? spec = null, IpRange? network = null, int? c4 = null, int? c6 = null) =>
            new(qualifier, explicitQualifier, kind, spec, network, c4, c6, term, column);

        switch (mechanism)
        {
            case "all":
                if (rest.Length > 0)
                {
                    throw new SpfSyntaxException("'all' takes no argument", term, restColumn);
                }

                return Make(SpfMechanismKind.All);

            case "include" or "exists":
            {
                if (!rest.StartsWith(':'))
                {
                    throw new SpfSyntaxException($"'{mechanism}' needs ':' and a domain", term, restColumn);
                }

                var kind = mechanism == "include" ? SpfMechanismKind.Include : SpfMechanismKind.Exists;
                return Make(kind, DomainSpec(rest[1..], term, restColumn + 1, $"'{mechanism}:' needs a domain"));
            }

            case "a" or "mx":
            {
                var kind = mechanism == "a" ? SpfMechanismKind.A : SpfMechanismKind.Mx;
                var (specText, c4, c6) = DualCidr(rest, term, restColumn);
                MacroString? spec = null;
                if (specText is not null)
                {
                    spec = DomainSpec(specText, term, restColumn + 1, $"'{mechanism}:' needs a domain");
                }

                return Make(kind, spec, null, c4, c6);
            }

            case "ptr":
                if (rest.Length == 0)
                {
                    return Make(SpfMechanismKind.Ptr);
                }

                if (!rest.StartsWith(':'))
                {
                    throw new SpfSyntaxException("'ptr' takes only ':domain'", term, restColumn);
                }

                return Make(SpfMechanismKind.Ptr, DomainSpec(rest[1..], term, restColumn + 1, "'ptr:' needs a domain"));

            case "ip4":
            {
                if (!rest.StartsWith(':'))
                {
                    throw new SpfSyntaxException("'ip4' needs ':' and an IPv4 address", term, restColumn);
                }

                var value = rest[1..];
                var slash = value.IndexOf('/');
                var addressText = slash < 0 ? value : value[..slash];
                if (!IsIPv4Network(addressText) || !IPAddress.TryParse(addressText, out var address))
                {
                    throw new SpfSyntaxException($"'{addressText}' is not an IPv4 address", term, restColumn + 1);
                }

                var prefix = 32;
                if (slash >= 0)
                {
                    prefix = CidrLength(value[(slash + 1)..], 32, term, restColumn + 1 + slash);
                }

                return Make(SpfMechanismKind.Ip4, null, IpRange.Parse($"{address}/{prefix}"), prefix);
            }

            case "ip6":
            {
                if (!rest.StartsWith(':'))
                {
                    throw new SpfSyntaxException("'ip6' needs ':' and an IPv6 address", term, restColumn);
                }

                var value = rest[1..];
                var slash = value.IndexOf('/');
                var addressText = slash < 0 ? value : value[..slash];
                if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6
                    || addressText.Contains('%') || !addressText.Contains(':'))
                {
                    throw new SpfSyntaxException($"'{addressText}' is not an IPv6 address", term, restColumn + 1);
                }

                var prefix = 128;
                if (slash >= 0)
                {
                    prefix = CidrLength(value[(slash + 1)..], 128, term, restColumn + 1 + slash);
                }

                return Make(SpfMechanismKind.Ip6, null, IpRange.Parse($"{address}/{prefix}"), null, prefix);
            }

            default:
                throw new SpfSyntaxException($"'{(mechanism.Length == 0 ? term : mechanism)}' is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a name=value modifier", term, column);
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
    private static (string? Spec, int? Cidr4, int? Cidr6) DualCidr(string rest, string term, int column)
    {
        int? c4 = null;
        int? c6 = null;
        var body = rest;
        var dual = body.LastIndexOf("//", StringComparison.Ordinal);
        if (dual >= 0 && body[(dual + 2)..].All(char.IsAsciiDigit))
        {
            c6 = CidrLength(body[(dual + 2)..], 128, term, column + dual + 1);
            body = body[..dual];
        }

        var single = body.LastIndexOf('/');
        if (single >= 0 && body[(single + 1)..].All(char.IsAsciiDigit))
        {
            c4 = CidrLength(body[(single + 1)..], 32, term, column + single);
            body = body[..single];
        }

        if (body.Length == 0)
        {
            return (null, c4, c6);
        }

        if (!body.StartsWith(':'))
        {
            throw new SpfSyntaxException($"unexpected '{body}'; expected ':domain' or a /CIDR length", term, column);
        }

        return (body[1..], c4, c6);
    }

    private static int CidrLength(string digits, int max, string term, int column)
    {
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0')
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > max)
        {
            throw new SpfSyntaxException($"'/{digits}' is not a CIDR length from 0 to {max}", term, column);
        }

        return length;
    }

    /// <summary>domain-spec = macro-string domain-end; domain-end = "." toplabel ["."] / macro-expand.</summary>
    private static MacroString DomainSpec(string text, string term, int column, string emptyMessage)
    {
        if (text.Length == 0)
        {
            throw new SpfSyntaxException(emptyMessage, term, column);
        }

        var macro = MacroParser.Parse(text, term, column);
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
            throw new SpfSyntaxException($"'{text}' is not a domain: it needs at least two labels", term, column);
        }

        if (!IsTopLabel(toplabel))
        {
            throw new SpfSyntaxException($"'{text}' does not end in a valid top-level label ('{toplabel}')", term, column);
        }

        return macro;
    }

    private static bool IsTopLabel(string label) =>
        label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && label[0] != '-' && label[^1] != '-'
        && (label.Any(char.IsAsciiLetter) || label.Contains('-'));
}
