# PowerShell completion for connectorlint. Load it with
#   connectorlint completion pwsh | Out-String | Invoke-Expression
# or add that line to $PROFILE.
# The candidates come from connectorlint itself ([suggest] directive), so they
# follow the installed version.
Register-ArgumentCompleter -Native -CommandName connectorlint -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $text = $commandAst.Extent.Text
    $offset = $cursorPosition - $commandAst.Extent.StartOffset
    $text = $text.PadRight($offset).Substring(0, $offset)
    $first = $commandAst.CommandElements[0].Extent.Text
    $line = 'connectorlint' + $text.Substring($first.Length)
    & connectorlint "[suggest:$($line.Length)]" $line 2>$null | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
