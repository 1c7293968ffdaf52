using ConnectorLint.Loading;

namespace ConnectorLint.Tests.Model;

public class DesiredStateTests
{
    [Fact]
    public void FindDomainAnswersFromTheCopysOwnListAfterWith()
    {
        var state = DesiredStateLoader.LoadFile(TestPaths.Example("contoso-hybrid.yaml")).State!;
        var first = state.AcceptedDomains[0];
        Assert.Same(first, state.FindDomain(first.DomainName.Value.ToUpperInvariant() + "."));

        var without = state with { AcceptedDomains = state.AcceptedDomains.RemoveAt(0) };
        Assert.Null(without.FindDomain(first.DomainName.Value));
        Assert.Same(first, state.FindDomain(first.DomainName.Value));
    }
}
