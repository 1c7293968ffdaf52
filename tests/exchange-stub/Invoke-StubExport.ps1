<#
    Runs exports against the stub Exchange module, as the tests need them, in one PowerShell process
    (the stub's types compile once). -Jobs names a JSON file: an array of
      { State, Path, Side, Format, Forest, Without, Failing, Raw, Script, WhatIf, From, To }
    Each job imports the stub for its side and state, runs the Script (a plan's) when it has one,
    then, when it has a Path, runs tools/Export-MailFlowState.ps1 as an admin would, or, with Raw,
    saves each cmdlet's whole output with Export-Clixml as Microsoft's diagnostic scripts do. Each
    job's error (or null) is written to <Jobs>.result.json.
#>
param([Parameter(Mandatory = $true)] [string] $Jobs)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$repository = Split-Path (Split-Path $PSScriptRoot)
$exportScript = Join-Path $repository 'tools/Export-MailFlowState.ps1'
$stub = Join-Path $PSScriptRoot 'ExchangeStub.psm1'

function Save-Raw([string] $Folder, [string] $Name, [scriptblock] $Command) {
    New-Item -ItemType Directory -Force -Path $Folder | Out-Null
    & $Command | Export-Clixml -Path (Join-Path $Folder "$Name.xml") -Encoding UTF8
}

function Get-JobValue($Job, [string] $Name) {
    $property = $Job.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

$results = foreach ($job in @(Get-Content -LiteralPath $Jobs -Raw | ConvertFrom-Json)) {
    $without = @(Get-JobValue $job 'Without' | Where-Object { $_ })
    $failing = [string](Get-JobValue $job 'Failing')
    $error.Clear()
    try {
        Import-Module $stub -Force -ArgumentList $job.State, $job.Side, $without, $failing
        if ($script = Get-JobValue $job 'Script') {
            # A plan's script, as an admin runs it in the session: no prompts, or only what it would do.
            $steps = @{}
            if ($from = Get-JobValue $job 'From') { $steps['From'] = $from }
            if ($to = Get-JobValue $job 'To') { $steps['To'] = $to }
            & $script -Confirm:$false -WhatIf:([bool](Get-JobValue $job 'WhatIf')) @steps 6>$null
        }
        $exportTo = Get-JobValue $job 'Path'
        if ($exportTo -and (Get-JobValue $job 'Raw')) {
            $folder = Join-Path $job.Path $job.Side
            if ($job.Side -eq 'ExchangeOnline') {
                Save-Raw $folder 'InboundConnector' { Get-InboundConnector }
                Save-Raw $folder 'OutboundConnector' { Get-OutboundConnector -IncludeTestModeConnectors $true }
                Save-Raw $folder 'AcceptedDomain' { Get-AcceptedDomain }
                Save-Raw $folder 'OrganizationConfig' { Get-OrganizationConfig }
                Save-Raw $folder 'TransportConfig' { Get-TransportConfig }
            }
            else {
                Save-Raw $folder 'SendConnector' { Get-SendConnector }
                Save-Raw $folder 'ReceiveConnector' { Get-ReceiveConnector }
                Save-Raw $folder 'AcceptedDomain' { Get-AcceptedDomain }
                Save-Raw $folder 'ExchangeServer' { Get-ExchangeServer }
                Save-Raw $folder 'ExchangeCertificate' { Get-ExchangeServer | Where-Object { -not $_.IsEdgeServer } | ForEach-Object { Get-ExchangeCertificate -Server $_.Name } }
                Save-Raw $folder 'HybridConfiguration' { Get-HybridConfiguration }
                Save-Raw $folder 'AnonymousRelayPermission' { Get-ReceiveConnector | ForEach-Object { Get-ADPermission -Identity $_.Identity -User 'NT AUTHORITY\ANONYMOUS LOGON' } }
            }
        }
        elseif ($exportTo) {
            $arguments = @{ Path = $job.Path; Format = (Get-JobValue $job 'Format') ?? 'Json' }
            $arguments[$job.Side] = $true
            if ($forest = Get-JobValue $job 'Forest') { $arguments['Forest'] = $forest }
            & $exportScript @arguments 6>$null
        }
        [pscustomobject]@{ Error = $null }
    }
    catch {
        [pscustomobject]@{ Error = $_.Exception.Message }
    }
}

ConvertTo-Json -InputObject @($results) -Depth 3 | Set-Content -LiteralPath "$Jobs.result.json" -Encoding UTF8
