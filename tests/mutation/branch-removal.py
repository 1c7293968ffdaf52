#!/usr/bin/env python3
# The ten branches issue 13 found untested: each is removed in turn, and the rule and flow tests
# must fail. Prints one line per branch; exits 1 if any removal leaves every test passing.
# Run from anywhere: python3 tests/mutation/branch-removal.py (restores each file after its run).
import os, re, subprocess, sys
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
root = os.path.join(repo, 'src', 'ConnectorLint') + os.sep
survivors = []
patches = [
 ("CL104 MX branch", "Rules/DomainRules.cs", "domain.Mx.Where(mx => ExchangeOnlineEndpoints.IsRetired(mx.Exchange.Value))", "domain.Mx.Where(mx => false)"),
 ("CL105 certificate-name branch", "Rules/DomainRules.cs", "if (connector.ConnectorType.Value == ConnectorType.OnPremises && connector.TlsSenderCertificateName is { } name)", "if (false && connector.TlsSenderCertificateName is { } name)"),
 ("CL201 no smart hosts", "Rules/SendConnectorRules.cs", "if (!connector.UsesDnsRouting && connector.SmartHosts.IsEmpty)", "if (connector.Name.Value.Length < 0)"),
 ("CL203 no tlsAuthLevel", "Rules/SendConnectorRules.cs", "yield return new Diagnostic(connector.Name.Span,\n                    $\"send connector '{connector.Name.Value}' to EOP has no tlsAuthLevel", "if (connector.Name.Value.Length < 0) yield return new Diagnostic(connector.Name.Span,\n                    $\"send connector '{connector.Name.Value}' to EOP has no tlsAuthLevel"),
 ("CL206 auth", "Rules/SendConnectorRules.cs", 'if (connector.SmartHostAuthMechanism is { } auth && auth.Value is not ("none" or "externalAuthoritative"))', 'if (false && connector.SmartHostAuthMechanism is { } auth)'),
 ("CL308 IPv6", "Rules/InboundConnectorRules.cs", ': !value.IsIPv4 ? "is IPv6; EOP accepts IPv4 addresses only"', ': false ? "is IPv6; EOP accepts IPv4 addresses only"'),
 ("CL308 wider than /24", "Rules/InboundConnectorRules.cs", ': value.EffectivePrefixLength < 24 ? $"is wider than /24', ': false ? $"is wider than /24'),
 ("CL309 partner", "Rules/InboundConnectorRules.cs", "if (connector.ConnectorType.Value != ConnectorType.OnPremises)\n            {\n                yield return new Diagnostic(span,\n                    $\"inbound connector '{connector.Name.Value}' is of type partner", "if (connector.Name.Value.Length < 0)\n            {\n                yield return new Diagnostic(span,\n                    $\"inbound connector '{connector.Name.Value}' is of type partner"),
 ("CL401 public range", "Rules/RelayRules.cs", ': !value.IsEntirelyPrivate ? "holds public addresses"', ': false ? "holds public addresses"'),
 ("CL113 follows includes", "Spf/SpfIncludeGraph.cs", "var verdict = Reaches(child, domain);", "var verdict = (bool?)null;"),
]
for name, f, old, new in patches:
    p=root+f; s=open(p).read()
    if old not in s:
        print(name, "PATCH NOT FOUND"); survivors.append(name); continue
    open(p,'w').write(s.replace(old,new,1))
    try:
        r=subprocess.run(["dotnet","test",os.path.join(repo,"tests","ConnectorLint.Tests"),"--filter","FullyQualifiedName~Rules|FullyQualifiedName~Flow|FullyQualifiedName~Boundary","-v","q","--nologo"],capture_output=True,text=True,timeout=900)
        out=r.stdout+r.stderr
        m=re.search(r"(Passed|Failed)!.*", out)
        failed=[l.strip() for l in out.splitlines() if l.strip().startswith("Failed ConnectorLint")]
        print(f"{name}: {m.group(0) if m else out[-300:]}")
        if not m or m.group(1) == "Passed":
            survivors.append(name)
        for l in failed[:3]: print("   ", l[:150])
    finally:
        open(p,'w').write(s)

sys.exit(1 if survivors else 0)
