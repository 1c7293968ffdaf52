using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Loading;

internal static class LoadedDocumentFindings
{
    extension(LoadedDocument document)
    {
        /// <summary>What lint reports for the document with default settings: the loader's problems as CL001/CL002, and any rule findings.</summary>
        public IReadOnlyList<Finding> Findings => Linter.Lint(document, new LintSettings());
    }
}
