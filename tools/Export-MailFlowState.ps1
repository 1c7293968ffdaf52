<#
.SYNOPSIS
    Exports what ConnectorLint needs from Exchange Online and Exchange Server, read-only, for
    `connectorlint import` (a first desired-state file) and `connectorlint drift --exchange-export`
    (config drift).

.DESCRIPTION
    Run it in a session that is already connected, once per side:

      Exchange Online (ExchangeOnlineManagement V3 module, after Connect-ExchangeOnline):
          .\Export-MailFlowState.ps1 -ExchangeOnline -Path .\exchange-export
        writes ExchangeOnline\ InboundConnector, OutboundConnector, AcceptedDomain,
        OrganizationConfig, TransportConfig.

      Exchange Server (Exchange Management Shell, or a remote session to it):
          .\Export-MailFlowState.ps1 -ExchangeServer -Path .\exchange-export
        writes ExchangeServer\ SendConnector, ReceiveConnector, AcceptedDomain, ExchangeServer,
        ExchangeCertificate (with RawData), HybridConfiguration and AnonymousRelayPermission
        (Get-ADPermission: NT AUTHORITY\ANONYMOUS LOGON with ms-Exch-SMTP-Accept-Any-Recipient).

    Every cmdlet is a Get- cmdlet; nothing is changed. Read-only roles are enough:
      Exchange Online: the "View-Only Organization Management" role group (its "View-Only
        Configuration" role), or the Microsoft Entra role "Global Reader".
      Exchange Server: the "View-Only Organization Management" role group.
    Role based access control hides the cmdlets a role does not grant; the script checks for every
    cmdlet it needs before it writes anything and names the ones the session lacks.

    Files are JSON written with ConvertTo-Json -Depth 5 (the default depth of 2 flattens Exchange's
    values into type names, which ConnectorLint refuses), UTF-8. -Format CliXml writes
    Export-Clixml instead, which keeps every type.

.PARAMETER Path
    The export folder; ExchangeOnline\ and ExchangeServer\ are created below it.

.PARAMETER Format
    Json (default) or CliXml.

.PARAMETER Forest
    With -ExchangeServer, in an organization of several Exchange forests (one tenant): the forest's
    name. Each forest's export goes to ExchangeServer\<Forest>\; run the script once per forest,
    in that forest's Exchange Management Shell, into the same -Path.

.NOTES
    Nothing is left half-written: the files go to a hidden folder beside the target first and are
    moved into place only when every cmdlet has answered, so a failing cmdlet leaves the previous
    export as it was.
#>
[CmdletBinding(DefaultParameterSetName = 'ExchangeOnline')]
param(
    [Parameter(Mandatory = $true, ParameterSetName = 'ExchangeOnline')]
    [switch] $ExchangeOnline,

    [Parameter(Mandatory = $true, ParameterSetName = 'ExchangeServer')]
    [switch] $ExchangeServer,

    [Parameter(Mandatory = $true)]
    [string] $Path,

    [ValidateSet('Json', 'CliXml')]
    [string] $Format = 'Json',

    [Parameter(ParameterSetName = 'ExchangeServer')]
    [ValidatePattern('^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$')]
    [string] $Forest
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

function Assert-Cmdlets([string[]] $Names, [string] $Role) {
    $missing = @($Names | Where-Object { -not (Get-Command -Name $_ -ErrorAction SilentlyContinue) })
    if ($missing.Count -gt 0) {
        throw "This session cannot run $($missing -join ', '). Connect first, with an account that has $Role."
    }
}

function Save-Export([string] $Folder, [string] $Name, [object[]] $Objects) {
    if ($Format -eq 'CliXml') {
        $file = Join-Path $Folder "$Name.xml"
        $Objects | Export-Clixml -Path $file -Depth 5 -Encoding UTF8
    }
    else {
        $file = Join-Path $Folder "$Name.json"
        if ($Objects.Count -eq 0) {
            # ConvertTo-Json writes nothing for nothing; an empty array says "exported, none".
            Set-Content -Path $file -Value '[]' -Encoding UTF8
        }
        else {
            # -InputObject keeps a single object in an array, as the importer also accepts.
            ConvertTo-Json -InputObject @($Objects) -Depth 5 | Set-Content -Path $file -Encoding UTF8
        }
    }
    Write-Host "read $Name ($($Objects.Count) objects)"
}

# Runs $Export into a hidden staging folder, then puts it where $Target was: all files or none.
function Invoke-Export([string] $Target, [scriptblock] $Export) {
    $parent = Split-Path -Parent $Target
    New-Item -ItemType Directory -Force -Path $parent | Out-Null
    $staging = Join-Path $parent (".{0}.partial-{1}" -f (Split-Path -Leaf $Target), [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $staging | Out-Null
    try {
        & $Export $staging
        if (Test-Path -LiteralPath $Target) {
            Remove-Item -LiteralPath $Target -Recurse -Force
        }
        Move-Item -LiteralPath $staging -Destination $Target
        Write-Host "wrote $Target"
    }
    finally {
        if (Test-Path -LiteralPath $staging) {
            Remove-Item -LiteralPath $staging -Recurse -Force
        }
    }
}

# The text Exchange prints for a value: an AddressSpace as SMTP:*;1, an IPRange as 10.0.0.0/24, an
# ADObjectId as its name. Deserialized objects from a remote session keep the same text.
function Get-Text($Value) {
    if ($null -eq $Value) { return $null }
    return $Value.ToString()
}

# A list stays a list: PowerShell unrolls what a function returns, so an empty list would become
# nothing (an empty object in the export) and a list of one its only item, without the leading comma.
function Get-Texts($Values) {
    return , @($Values | Where-Object { $null -ne $_ } | ForEach-Object { $_.ToString() })
}

if ($ExchangeOnline) {
    Assert-Cmdlets @('Get-InboundConnector', 'Get-OutboundConnector', 'Get-AcceptedDomain', 'Get-OrganizationConfig', 'Get-TransportConfig') `
        'the View-Only Organization Management role group (or Global Reader)'

    Invoke-Export (Join-Path $Path 'ExchangeOnline') { param($folder)

        Save-Export $folder 'InboundConnector' @(Get-InboundConnector | Select-Object Name, Enabled,
            @{ n = 'ConnectorType'; e = { Get-Text $_.ConnectorType } },
            @{ n = 'SenderDomains'; e = { Get-Texts $_.SenderDomains } },
            @{ n = 'SenderIPAddresses'; e = { Get-Texts $_.SenderIPAddresses } },
            RequireTls,
            @{ n = 'TlsSenderCertificateName'; e = { Get-Text $_.TlsSenderCertificateName } },
            RestrictDomainsToCertificate, RestrictDomainsToIPAddresses, CloudServicesMailEnabled, TreatMessagesAsInternal,
            @{ n = 'EFSkipIPs'; e = { Get-Texts $_.EFSkipIPs } },
            EFSkipLastIP,
            @{ n = 'EFUsers'; e = { Get-Texts $_.EFUsers } },
            @{ n = 'AssociatedAcceptedDomains'; e = { Get-Texts $_.AssociatedAcceptedDomains } },
            @{ n = 'TrustedOrganizations'; e = { Get-Texts $_.TrustedOrganizations } })

        Save-Export $folder 'OutboundConnector' @(Get-OutboundConnector -IncludeTestModeConnectors $true | Select-Object Name, Enabled,
            @{ n = 'ConnectorType'; e = { Get-Text $_.ConnectorType } },
            @{ n = 'RecipientDomains'; e = { Get-Texts $_.RecipientDomains } },
            UseMXRecord,
            @{ n = 'SmartHosts'; e = { Get-Texts $_.SmartHosts } },
            @{ n = 'TlsSettings'; e = { Get-Text $_.TlsSettings } },
            @{ n = 'TlsDomain'; e = { Get-Text $_.TlsDomain } },
            RouteAllMessagesViaOnPremises, IsTransportRuleScoped, CloudServicesMailEnabled, AllAcceptedDomains, SenderRewritingEnabled)

        Save-Export $folder 'AcceptedDomain' @(Get-AcceptedDomain | Select-Object Name,
            @{ n = 'DomainName'; e = { Get-Text $_.DomainName } },
            @{ n = 'DomainType'; e = { Get-Text $_.DomainType } },
            Default, MatchSubDomains, InitialDomain)

        Save-Export $folder 'OrganizationConfig' @(Get-OrganizationConfig | Select-Object Name, RejectDirectSend)
        Save-Export $folder 'TransportConfig' @(Get-TransportConfig | Select-Object SmtpClientAuthenticationDisabled)
    }
}

if ($ExchangeServer) {
    Assert-Cmdlets @('Get-SendConnector', 'Get-ReceiveConnector', 'Get-AcceptedDomain', 'Get-ExchangeServer', 'Get-ExchangeCertificate', 'Get-HybridConfiguration', 'Get-ADPermission') `
        'the View-Only Organization Management role group'

    $target = Join-Path $Path 'ExchangeServer'
    if ($Forest) {
        $target = Join-Path $target $Forest
    }
    elseif (Test-Path -LiteralPath $target) {
        $forests = @(Get-ChildItem -LiteralPath $target -Directory | Where-Object { -not $_.Name.StartsWith('.') })
        if ($forests.Count -gt 0) {
            throw "$target holds the exports of the forests $($forests.Name -join ', '); give -Forest with this forest's name."
        }
    }

    Invoke-Export $target { param($folder)

        Save-Export $folder 'SendConnector' @(Get-SendConnector | Select-Object Name, Enabled,
            @{ n = 'AddressSpaces'; e = { Get-Texts $_.AddressSpaces } },
            DNSRoutingEnabled,
            @{ n = 'SmartHosts'; e = { Get-Texts $_.SmartHosts } },
            Port, RequireTLS,
            @{ n = 'TlsAuthLevel'; e = { Get-Text $_.TlsAuthLevel } },
            @{ n = 'TlsDomain'; e = { Get-Text $_.TlsDomain } },
            @{ n = 'TlsCertificateName'; e = { Get-Text $_.TlsCertificateName } },
            @{ n = 'SourceTransportServers'; e = { , @($_.SourceTransportServers | ForEach-Object { $_.Name }) } },
            CloudServicesMailEnabled,
            @{ n = 'SmartHostAuthMechanism'; e = { Get-Text $_.SmartHostAuthMechanism } },
            @{ n = 'Fqdn'; e = { Get-Text $_.Fqdn } },
            FrontendProxyEnabled)

        $receiveConnectors = @(Get-ReceiveConnector)
        Save-Export $folder 'ReceiveConnector' @($receiveConnectors | Select-Object Name,
            @{ n = 'Server'; e = { $_.Server.Name } },
            @{ n = 'TransportRole'; e = { Get-Text $_.TransportRole } },
            @{ n = 'Bindings'; e = { Get-Texts $_.Bindings } },
            @{ n = 'RemoteIPRanges'; e = { Get-Texts $_.RemoteIPRanges } },
            @{ n = 'PermissionGroups'; e = { Get-Text $_.PermissionGroups } },
            @{ n = 'AuthMechanism'; e = { Get-Text $_.AuthMechanism } },
            RequireTLS, Enabled,
            @{ n = 'Fqdn'; e = { Get-Text $_.Fqdn } },
            @{ n = 'TlsCertificateName'; e = { Get-Text $_.TlsCertificateName } },
            @{ n = 'TlsDomainCapabilities'; e = { Get-Texts $_.TlsDomainCapabilities } })

        $relay = foreach ($connector in $receiveConnectors) {
            Get-ADPermission -Identity $connector.Identity -User 'NT AUTHORITY\ANONYMOUS LOGON' |
                Where-Object { ($_.ExtendedRights | ForEach-Object { $_.ToString() }) -contains 'ms-Exch-SMTP-Accept-Any-Recipient' } |
                ForEach-Object {
                    [pscustomobject]@{
                        Connector      = "$($connector.Server.Name)\$($connector.Name)"
                        User           = $_.User.ToString()
                        ExtendedRights = @($_.ExtendedRights | ForEach-Object { $_.ToString() })
                        Deny           = [bool]$_.Deny
                        IsInherited    = [bool]$_.IsInherited
                    }
                }
    }
    Save-Export $folder 'AnonymousRelayPermission' @($relay)

    Save-Export $folder 'AcceptedDomain' @(Get-AcceptedDomain | Select-Object Name,
        @{ n = 'DomainName'; e = { Get-Text $_.DomainName } },
        @{ n = 'DomainType'; e = { Get-Text $_.DomainType } },
        Default)

    $servers = @(Get-ExchangeServer)
    Save-Export $folder 'ExchangeServer' @($servers | Select-Object Name,
        @{ n = 'Fqdn'; e = { Get-Text $_.Fqdn } },
        @{ n = 'ServerRole'; e = { Get-Text $_.ServerRole } },
        IsEdgeServer,
        @{ n = 'Site'; e = { Get-Text $_.Site } },
        @{ n = 'AdminDisplayVersion'; e = { Get-Text $_.AdminDisplayVersion } })

    # RawData is the certificate itself; through remoting it is often all Get-ExchangeCertificate returns.
    $certificates = foreach ($server in $servers | Where-Object { -not $_.IsEdgeServer }) {
        Get-ExchangeCertificate -Server $server.Name | Select-Object Thumbprint, Subject, Issuer, NotAfter,
            @{ n = 'DnsNameList'; e = { Get-Texts $_.DnsNameList } },
            @{ n = 'Services'; e = { Get-Text $_.Services } },
            @{ n = 'RawData'; e = { if ($_.RawData) { [Convert]::ToBase64String($_.RawData) } } },
            @{ n = 'Server'; e = { $server.Name } }
    }
    Save-Export $folder 'ExchangeCertificate' @($certificates)

    Save-Export $folder 'HybridConfiguration' @(Get-HybridConfiguration | Select-Object Name,
        @{ n = 'Domains'; e = { Get-Texts $_.Domains } },
        @{ n = 'OnPremisesSmartHost'; e = { Get-Text $_.OnPremisesSmartHost } },
        @{ n = 'TlsCertificateName'; e = { Get-Text $_.TlsCertificateName } },
        @{ n = 'Features'; e = { Get-Texts $_.Features } })
    }
}
