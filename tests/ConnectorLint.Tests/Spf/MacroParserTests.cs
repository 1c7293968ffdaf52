using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>The macro-string grammar of RFC 7208 section 7, on its own.</summary>
public class MacroParserTests
{
    [Fact]
    public void SplitsLiteralsAndExpansions()
    {
        Assert.True(MacroParser.TryParse("%{ir}.%{L2r-}._spf.%{d}", "exists:x", 8, out var macro, out _));
        Assert.Equal(
            [
                new MacroExpand('i', false, null, true, "."),
                new MacroLiteral("."),
                new MacroExpand('l', true, 2, true, "-"),
                new MacroLiteral("._spf."),
                new MacroExpand('d', false, null, false, "."),
            ],
            macro.Parts);
        Assert.True(macro.HasMacros);
        Assert.True(macro.EndsInMacroExpand);
    }

    [Theory]
    [InlineData("a%%b%_c%-d", "a%b c%20d", false)]
    [InlineData("example.com", "example.com", false)]
    [InlineData("x.%%", "x.%", true)]
    public void EscapesAreLiteralsAndStillEndAMacroExpand(string text, string literal, bool endsInExpand)
    {
        Assert.True(MacroParser.TryParse(text, "t", 1, out var macro, out _));
        Assert.Equal(literal, string.Concat(macro.Parts.Cast<MacroLiteral>().Select(p => p.Text)));
        Assert.False(macro.HasMacros);
        Assert.Equal(endsInExpand, macro.EndsInMacroExpand);
    }

    [Theory]
    [InlineData("%{d2147483648}", 2147483647)]
    [InlineData("%{d99999999999999999999}", int.MaxValue)]
    public void AHugeDigitCountSaturates(string text, int digits)
    {
        Assert.True(MacroParser.TryParse(text, "t", 1, out var macro, out _));
        Assert.Equal(digits, ((MacroExpand)macro.Parts[0]).Digits);
    }

    [Theory]
    [InlineData("a%", 2, "a lone '%'")]
    [InlineData("%x", 1, "'%x' is not a macro")]
    [InlineData("ab%{d", 3, "has no closing '}'")]
    [InlineData("%{}", 1, "an empty macro")]
    [InlineData("%{q}", 1, "'q' is not a macro letter here")]
    [InlineData("%{c}", 1, "c, r and t are only for the explanation text that exp= points to")]
    [InlineData("%{d0}", 1, "keeps zero labels")]
    [InlineData("%{d1r!}", 1, "'!' is not a macro delimiter")]
    [InlineData("a b", 2, "character 0x20 is not allowed")]
    public void ErrorsSayWhatAndWhere(string text, int offset, string message)
    {
        Assert.False(MacroParser.TryParse(text, "term", 10, out var macro, out var error));
        Assert.Null(macro);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((10 + offset - 1, "term"), (error.Column, error.Term));
    }

    [Fact]
    public void ExplanationsAllowSpacesAndTheExpOnlyLetters()
    {
        Assert.True(MacroParser.TryParse("%{i} is not one of %{d}'s senders, said %{r} at %{t} via %{c}", "exp", 1, out var macro, out _, explanation: true));
        Assert.Equal("irtc".ToHashSet(), macro.Parts.OfType<MacroExpand>().Select(p => p.Letter).Where(l => l is 'i' or 'r' or 't' or 'c').ToHashSet());
    }
}
