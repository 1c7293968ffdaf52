using ConnectorLint.Reporting;

namespace ConnectorLint.Tests.Reporting;

/// <summary>
/// The one escaping of values in markdown: each kind of markup a name can carry, shown as text. A
/// control character becomes its escape (\r), whose backslash is itself escaped so that it renders.
/// </summary>
public class MarkdownTextTests
{
    [Theory]
    [InlineData("@contoso/admins", "@&#8203;contoso/admins")]
    [InlineData("see #12", "see #&#8203;12")]
    [InlineData("https://evil.example/x", "https&#8203;://evil.example/x")]
    [InlineData("www.evil.example", "www&#8203;.evil.example")]
    [InlineData("[approved](https://x)", "[approved\\](https&#8203;://x)")]
    [InlineData("<img src=x>", "&lt;img src=x>")]
    [InlineData("**APPROVED**", "\\*\\*APPROVED\\*\\*")]
    [InlineData("a | b", "a \\| b")]
    [InlineData("x\r# LGTM", "x\\\\r#&#8203; LGTM")]
    [InlineData("x\n# LGTM", "x #&#8203; LGTM")]
    [InlineData("name\u202Etxt", "name\\\\u202Etxt")]
    [InlineData("- item", "\\- item")]
    [InlineData("servers[0] 1-2", "servers[0] 1-2")]
    public void Inline_shows_markup_as_text(string value, string expected) => Assert.Equal(expected, MarkdownText.Inline(value));

    [Theory]
    [InlineData("mail\n## heading.yaml", "mail ## heading.yaml")]
    [InlineData("a`b|c", "a'b\\|c")]
    [InlineData("x\r\u0007y", "x\\r\\u0007y")]
    public void A_code_span_holds_one_line_and_never_ends_early(string value, string expected) => Assert.Equal(expected, MarkdownText.Code(value));
}
