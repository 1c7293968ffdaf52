<#
    Exchange's read cmdlets for the tests, with no Exchange: they return the objects an Exchange
    organization holds, typed as Exchange types them (ExchangeTypes.cs), so the real export script
    and Export-Clixml/ConvertTo-Json run on them as they would in the Exchange Management Shell or an
    Exchange Online session.

    Import-Module ExchangeStub.psm1 -ArgumentList $State, $Side[, $Without[, $Failing]]
      $State    a folder holding the organization in the export's own layout and property names
                (ExchangeOnline/*.json and ExchangeServer/*.json, texts as the V3 module prints them)
      $Side     ExchangeOnline or ExchangeServer: the session the cmdlets belong to
      $Without  cmdlets the account's role does not grant: RBAC hides them from the session
      $Failing  a cmdlet that throws, as one does when a server is down mid-export

    What every real organization has beside what an example describes is added as Exchange adds it:
    the Microsoft-managed <tenant>.onmicrosoft.com and <tenant>.mail.onmicrosoft.com domains, and the
    five receive connectors each Exchange 2016/2019 Mailbox server creates at setup.
#>
param(
    [Parameter(Mandatory = $true)] [string] $State,
    [Parameter(Mandatory = $true)] [ValidateSet('ExchangeOnline', 'ExchangeServer')] [string] $Side,
    [string[]] $Without = @(),
    [string] $Failing = ''
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

if (-not ('Microsoft.Exchange.Data.AddressSpace' -as [type])) {
    # Compiling the types takes seconds; each pwsh the tests start loads them compiled once, by content.
    $source = Join-Path $PSScriptRoot 'ExchangeTypes.cs'
    $hash = (Get-FileHash -LiteralPath $source -Algorithm SHA256).Hash.Substring(0, 16)
    $assembly = Join-Path ([System.IO.Path]::GetTempPath()) "connectorlint-exchange-stub-$hash.dll"
    if (-not (Test-Path -LiteralPath $assembly)) {
        $partial = "$assembly.$PID.tmp"
        Add-Type -Path $source -OutputAssembly $partial
        Move-Item -LiteralPath $partial -Destination $assembly -Force
    }
    Add-Type -Path $assembly
}

$script:StateFolder = $State
$script:Failing = $Failing
$script:Certificates = @{}

function Read-State([string] $Folder, [string] $Name) {
    $path = Join-Path (Join-Path $script:StateFolder $Folder) "$Name.json"
    if (-not (Test-Path -LiteralPath $path)) { return @() }
    $parsed = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -NoEnumerate
    if ($null -eq $parsed) { return @() }
    return @($parsed | ForEach-Object { $_ })
}

function Assert-Working([string] $Cmdlet) {
    if ($script:Failing -eq $Cmdlet) {
        throw "The Microsoft Exchange Active Directory Topology service on server DC01 did not return a suitable domain controller ($Cmdlet)."
    }
}

function Get-Value($Object, [string] $Name) {
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function New-List([string] $Type, $Values, [scriptblock] $Parse) {
    $list = New-Object "Microsoft.Exchange.Data.MultiValuedProperty[$Type]"
    foreach ($value in @($Values | Where-Object { $null -ne $_ })) { [void] $list.Add((& $Parse $value)) }
    return , $list
}

function New-Id([string] $Name, [string] $Container, [string] $Printed) {
    $dn = "CN=$Name,$Container,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local"
    return [Microsoft.Exchange.Data.Directory.ADObjectId]::new($Name, $dn, $Printed)
}

function Set-Common($Object, [string] $Name, [string] $Container, [string] $Printed) {
    $Object.Name = $Name
    $Object.Identity = New-Id $Name $Container $Printed
    return $Object
}

$ServersContainer = 'CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups'

# ---- Exchange Online ----

function Get-InboundConnector {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Identity)
    Assert-Working $MyInvocation.MyCommand.Name
    foreach ($c in Read-State 'ExchangeOnline' 'InboundConnector') {
        $o = Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantInboundConnector]::new()) $c.Name 'CN=Transport Settings' $c.Name
        $o.Enabled = $c.Enabled
        $o.ConnectorType = $c.ConnectorType
        $o.SenderDomains = New-List 'Microsoft.Exchange.Data.AddressSpace' (Get-Value $c 'SenderDomains') { param($v) [Microsoft.Exchange.Data.AddressSpace]::Parse($v) }
        $o.SenderIPAddresses = New-List 'Microsoft.Exchange.Data.IPRange' (Get-Value $c 'SenderIPAddresses') { param($v) [Microsoft.Exchange.Data.IPRange]::Parse($v) }
        $o.RequireTls = [bool](Get-Value $c 'RequireTls')
        if ($name = Get-Value $c 'TlsSenderCertificateName') { $o.TlsSenderCertificateName = [Microsoft.Exchange.Data.TlsCertificate]::new($name) }
        $o.RestrictDomainsToCertificate = [bool](Get-Value $c 'RestrictDomainsToCertificate')
        $o.RestrictDomainsToIPAddresses = [bool](Get-Value $c 'RestrictDomainsToIPAddresses')
        $o.CloudServicesMailEnabled = [bool](Get-Value $c 'CloudServicesMailEnabled')
        $o.TreatMessagesAsInternal = [bool](Get-Value $c 'TreatMessagesAsInternal')
        $o.EFSkipIPs = New-List 'Microsoft.Exchange.Data.IPRange' (Get-Value $c 'EFSkipIPs') { param($v) [Microsoft.Exchange.Data.IPRange]::Parse($v) }
        $o.EFSkipLastIP = [bool](Get-Value $c 'EFSkipLastIP')
        $o.EFUsers = New-List 'string' (Get-Value $c 'EFUsers') { param($v) [string]$v }
        $o.AssociatedAcceptedDomains = New-List 'string' (Get-Value $c 'AssociatedAcceptedDomains') { param($v) [string]$v }
        $o.TrustedOrganizations = New-List 'string' (Get-Value $c 'TrustedOrganizations') { param($v) [string]$v }
        $o
    }
}

function Get-OutboundConnector {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Identity, [bool] $IncludeTestModeConnectors)
    Assert-Working $MyInvocation.MyCommand.Name
    foreach ($c in Read-State 'ExchangeOnline' 'OutboundConnector') {
        $o = Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantOutboundConnector]::new()) $c.Name 'CN=Transport Settings' $c.Name
        $o.Enabled = $c.Enabled
        $o.ConnectorType = $c.ConnectorType
        $o.RecipientDomains = New-List 'Microsoft.Exchange.Data.SmtpDomainWithSubdomains' (Get-Value $c 'RecipientDomains') { param($v) [Microsoft.Exchange.Data.SmtpDomainWithSubdomains]::new($v) }
        $o.UseMXRecord = [bool](Get-Value $c 'UseMXRecord')
        $o.SmartHosts = New-List 'Microsoft.Exchange.Data.SmartHost' (Get-Value $c 'SmartHosts') { param($v) [Microsoft.Exchange.Data.SmartHost]::Parse($v) }
        if ($tls = Get-Value $c 'TlsSettings') { $o.TlsSettings = $tls }
        if ($domain = Get-Value $c 'TlsDomain') { $o.TlsDomain = [Microsoft.Exchange.Data.SmtpDomainWithSubdomains]::new($domain) }
        $o.RouteAllMessagesViaOnPremises = [bool](Get-Value $c 'RouteAllMessagesViaOnPremises')
        $o.IsTransportRuleScoped = [bool](Get-Value $c 'IsTransportRuleScoped')
        $o.CloudServicesMailEnabled = [bool](Get-Value $c 'CloudServicesMailEnabled')
        $o.AllAcceptedDomains = [bool](Get-Value $c 'AllAcceptedDomains')
        $o.SenderRewritingEnabled = [bool](Get-Value $c 'SenderRewritingEnabled')
        $o
    }
}

# The initial domain (OrganizationConfig's Name): contoso.onmicrosoft.com, or .onmicrosoft.us in GCC High.
function Get-InitialDomain {
    $organization = @(Read-State 'ExchangeOnline' 'OrganizationConfig')
    if ($organization.Count -gt 0) { return [string]$organization[0].Name }
    return 'contoso.onmicrosoft.com'
}

function Get-AcceptedDomain {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Identity)
    Assert-Working $MyInvocation.MyCommand.Name
    $domains = @(Read-State $Side 'AcceptedDomain')
    $made = @(foreach ($d in $domains) {
        $o = Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain]::new()) $d.DomainName 'CN=Accepted Domains,CN=Transport Settings' $d.DomainName
        $o.DomainName = [Microsoft.Exchange.Data.SmtpDomainWithSubdomains]::new($d.DomainName)
        $o.DomainType = $d.DomainType
        $o.Default = [bool](Get-Value $d 'Default')
        $o.MatchSubDomains = [bool](Get-Value $d 'MatchSubDomains')
        $o.InitialDomain = [bool](Get-Value $d 'InitialDomain')
        $o
    })

    if ($Side -eq 'ExchangeOnline') {
        # Every tenant has its initial domain and the coexistence domain, whether the file names them or not.
        $initial = Get-InitialDomain
        $tenant, $suffix = $initial -split '\.', 2
        foreach ($managed in @($initial, "$tenant.mail.$suffix")) {
            if (-not ($domains | Where-Object { $_.DomainName -eq $managed })) {
                $o = Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain]::new()) $managed 'CN=Accepted Domains,CN=Transport Settings' $managed
                $o.DomainName = [Microsoft.Exchange.Data.SmtpDomainWithSubdomains]::new($managed)
                $o.DomainType = 'Authoritative'
                $o.InitialDomain = $managed -eq $initial
                $made += $o
            }
        }
    }

    $made
}

function Get-OrganizationConfig {
    [CmdletBinding()] param()
    Assert-Working $MyInvocation.MyCommand.Name
    foreach ($c in Read-State 'ExchangeOnline' 'OrganizationConfig') {
        $o = Set-Common ([Microsoft.Exchange.Data.Directory.Management.OrganizationConfig]::new()) $c.Name 'CN=Organization' $c.Name
        $o.RejectDirectSend = [bool](Get-Value $c 'RejectDirectSend')
        $o
    }
}

function Get-TransportConfig {
    [CmdletBinding()] param()
    Assert-Working $MyInvocation.MyCommand.Name
    $c = @(Read-State 'ExchangeOnline' 'TransportConfig')
    $o = Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.TransportConfigContainer]::new()) 'Transport Settings' 'CN=Organization' 'Transport Settings'
    # SMTP AUTH is on by default in a tenant; the file says otherwise only when it sets the key.
    $o.SmtpClientAuthenticationDisabled = $c.Count -gt 0 -and [bool](Get-Value $c[0] 'SmtpClientAuthenticationDisabled')
    $o
}

# ---- Exchange Server ----

function Get-ExchangeServer {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Identity)
    Assert-Working $MyInvocation.MyCommand.Name
    $servers = @(Read-State 'ExchangeServer' 'ExchangeServer')
    if ($Identity -and @($servers | Where-Object { $_.Name -eq $Identity }).Count -eq 0) {
        throw "The operation couldn't be performed because object '$Identity' couldn't be found."
    }
    foreach ($s in $servers | Where-Object { -not $Identity -or $_.Name -eq $Identity }) {
        $o = Set-Common ([Microsoft.Exchange.Data.Directory.Management.ExchangeServer]::new()) $s.Name $ServersContainer $s.Name
        $o.Fqdn = $s.Fqdn
        $o.ServerRole = $s.ServerRole
        $site = [string](Get-Value $s 'Site')
        $siteName = $site.Substring($site.LastIndexOf('/') + 1)
        $o.Site = [Microsoft.Exchange.Data.Directory.ADObjectId]::new($siteName, "CN=$siteName,CN=Sites,CN=Configuration,DC=contoso,DC=local", $site)
        if ([string](Get-Value $s 'AdminDisplayVersion') -match '^Version (\d+)\.(\d+) \(Build (\d+)\.(\d+)\)$') {
            $o.AdminDisplayVersion = [Microsoft.Exchange.Data.Directory.Management.ServerVersion]::new([int]$Matches[1], [int]$Matches[2], [int]$Matches[3], [int]$Matches[4])
        }
        if ($o.AdminDisplayVersion -and $o.AdminDisplayVersion.Major -eq 14) {
            # Objects made by Exchange 2010 keep their older version.
            $o.ExchangeVersion = [Microsoft.Exchange.Data.ExchangeObjectVersion]::new(0, 1, [Microsoft.Exchange.Data.ExchangeBuild]::new(8, 0, 535, 0))
        }
        $o
    }
}

function Get-SendConnector {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Identity)
    Assert-Working $MyInvocation.MyCommand.Name
    foreach ($c in Read-State 'ExchangeServer' 'SendConnector') {
        $o = Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig]::new()) $c.Name 'CN=Connections,CN=Exchange Routing Group (DWBGZMFD01QNBJR),CN=Routing Groups' $c.Name
        $o.Enabled = $c.Enabled
        $o.AddressSpaces = New-List 'Microsoft.Exchange.Data.AddressSpace' (Get-Value $c 'AddressSpaces') { param($v) [Microsoft.Exchange.Data.AddressSpace]::Parse($v) }
        $o.DNSRoutingEnabled = [bool]$c.DNSRoutingEnabled
        $o.SmartHosts = New-List 'Microsoft.Exchange.Data.SmartHost' (Get-Value $c 'SmartHosts') { param($v) [Microsoft.Exchange.Data.SmartHost]::Parse($v) }
        if ($null -ne (Get-Value $c 'Port')) { $o.Port = $c.Port }
        $o.RequireTLS = [bool](Get-Value $c 'RequireTLS')
        if ($level = Get-Value $c 'TlsAuthLevel') { $o.TlsAuthLevel = $level }
        if ($domain = Get-Value $c 'TlsDomain') { $o.TlsDomain = [Microsoft.Exchange.Data.SmtpDomainWithSubdomains]::new($domain) }
        if ($certificate = Get-Value $c 'TlsCertificateName') { $o.TlsCertificateName = [Microsoft.Exchange.Data.SmtpX509Identifier]::Parse($certificate) }
        $o.SourceTransportServers = New-List 'Microsoft.Exchange.Data.Directory.ADObjectId' (Get-Value $c 'SourceTransportServers') { param($v) New-Id $v $ServersContainer $v }
        $o.SourceRoutingGroup = New-Id 'Exchange Routing Group (DWBGZMFD01QNBJR)' 'CN=Routing Groups,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups' 'Exchange Routing Group (DWBGZMFD01QNBJR)'
        $o.CloudServicesMailEnabled = [bool](Get-Value $c 'CloudServicesMailEnabled')
        if ($mechanism = Get-Value $c 'SmartHostAuthMechanism') { $o.SmartHostAuthMechanism = $mechanism }
        if ($fqdn = Get-Value $c 'Fqdn') { $o.Fqdn = [Microsoft.Exchange.Data.Fqdn]::new($fqdn) }
        $o.FrontendProxyEnabled = [bool](Get-Value $c 'FrontendProxyEnabled')
        $o
    }
}

# The receive connectors Exchange 2016 and 2019 setup creates on every Mailbox server.
$BuiltInReceiveConnectors = @(
    @{ Name = 'Default {0}'; Role = 'HubTransport'; Bindings = @('0.0.0.0:2525', '[::]:2525'); Permissions = 'ExchangeUsers, ExchangeServers, ExchangeLegacyServers'; Auth = 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer' }
    @{ Name = 'Client Proxy {0}'; Role = 'HubTransport'; Bindings = @('0.0.0.0:465', '[::]:465'); Permissions = 'ExchangeUsers, ExchangeServers'; Auth = 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer' }
    @{ Name = 'Default Frontend {0}'; Role = 'FrontendTransport'; Bindings = @('0.0.0.0:25', '[::]:25'); Permissions = 'AnonymousUsers, ExchangeServers, ExchangeLegacyServers'; Auth = 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer' }
    @{ Name = 'Outbound Proxy Frontend {0}'; Role = 'FrontendTransport'; Bindings = @('0.0.0.0:717', '[::]:717'); Permissions = 'ExchangeServers'; Auth = 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer' }
    @{ Name = 'Client Frontend {0}'; Role = 'FrontendTransport'; Bindings = @('0.0.0.0:587', '[::]:587'); Permissions = 'ExchangeUsers'; Auth = 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS' }
)

function New-ReceiveConnectorObject([string] $Server, [string] $Name) {
    return Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector]::new()) $Name "CN=SMTP Receive Connectors,CN=Protocols,CN=$Server,$ServersContainer" "$Server\$Name"
}

function Get-ReceiveConnector {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Identity, [string] $Server)
    Assert-Working $MyInvocation.MyCommand.Name
    $described = @(Read-State 'ExchangeServer' 'ReceiveConnector')
    foreach ($c in $described) {
        $o = New-ReceiveConnectorObject $c.Server $c.Name
        $o.Server = New-Id $c.Server $ServersContainer $c.Server
        $o.TransportRole = $c.TransportRole
        $o.Bindings = New-List 'Microsoft.Exchange.Data.IPBinding' (Get-Value $c 'Bindings') { param($v) [Microsoft.Exchange.Data.IPBinding]::Parse($v) }
        $o.RemoteIPRanges = New-List 'Microsoft.Exchange.Data.IPRange' (Get-Value $c 'RemoteIPRanges') { param($v) [Microsoft.Exchange.Data.IPRange]::Parse($v) }
        $o.PermissionGroups = $c.PermissionGroups
        $o.AuthMechanism = $c.AuthMechanism
        $o.RequireTLS = [bool](Get-Value $c 'RequireTLS')
        $o.Enabled = $c.Enabled
        if ($fqdn = Get-Value $c 'Fqdn') { $o.Fqdn = [Microsoft.Exchange.Data.Fqdn]::new($fqdn) }
        if ($certificate = Get-Value $c 'TlsCertificateName') { $o.TlsCertificateName = [Microsoft.Exchange.Data.SmtpX509Identifier]::Parse($certificate) }
        $o.TlsDomainCapabilities = New-List 'Microsoft.Exchange.Data.SmtpReceiveDomainCapabilities' (Get-Value $c 'TlsDomainCapabilities') { param($v) [Microsoft.Exchange.Data.SmtpReceiveDomainCapabilities]::new($v) }
        $o
    }

    foreach ($s in Read-State 'ExchangeServer' 'ExchangeServer' | Where-Object { $_.ServerRole -notmatch 'Edge' }) {
        foreach ($builtIn in $BuiltInReceiveConnectors) {
            $name = $builtIn.Name -f $s.Name
            if ($described | Where-Object { $_.Server -eq $s.Name -and $_.Name -eq $name }) { continue }
            $o = New-ReceiveConnectorObject $s.Name $name
            $o.Server = New-Id $s.Name $ServersContainer $s.Name
            $o.TransportRole = $builtIn.Role
            $o.Bindings = New-List 'Microsoft.Exchange.Data.IPBinding' $builtIn.Bindings { param($v) [Microsoft.Exchange.Data.IPBinding]::Parse($v) }
            $o.RemoteIPRanges = New-List 'Microsoft.Exchange.Data.IPRange' @('0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff') { param($v) [Microsoft.Exchange.Data.IPRange]::Parse($v) }
            $o.PermissionGroups = $builtIn.Permissions
            $o.AuthMechanism = $builtIn.Auth
            $o.Fqdn = [Microsoft.Exchange.Data.Fqdn]::new($s.Fqdn)
            $o
        }
    }
}

function Get-ADPermission {
    [CmdletBinding()] param([Parameter(Mandatory = $true)] $Identity, [string] $User)
    Assert-Working $MyInvocation.MyCommand.Name
    $connector = "$Identity"
    foreach ($p in Read-State 'ExchangeServer' 'AnonymousRelayPermission') {
        if ($p.Connector -ne $connector) { continue }
        if ($User -and $p.User -ne $User) { continue }
        $server, $name = $connector -split '\\', 2
        [Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject] @{
            Identity       = (New-ReceiveConnectorObject $server $name).Identity
            User           = [Microsoft.Exchange.Management.RecipientTasks.SecurityPrincipalIdParameter]::new($p.User)
            ExtendedRights = [Microsoft.Exchange.Management.RecipientTasks.ExtendedRightIdParameter[]] @($p.ExtendedRights | ForEach-Object { [Microsoft.Exchange.Management.RecipientTasks.ExtendedRightIdParameter]::new($_) })
            Deny           = [bool]$p.Deny
            IsInherited    = [bool]$p.IsInherited
        }
    }
}

function Get-ExchangeCertificate {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Thumbprint, [string] $Server)
    Assert-Working $MyInvocation.MyCommand.Name
    foreach ($c in Read-State 'ExchangeServer' 'ExchangeCertificate') {
        $held = @(Get-Value $c 'Servers' | Where-Object { $_ })
        if ($Server -and $held.Count -gt 0 -and $held -notcontains $Server) { continue }
        # One certificate installed on several servers is the same certificate: made once.
        $key = "$($c.Subject)|$($c.Issuer)|$($c.NotAfter)|$($c.Thumbprint)"
        if ($raw = Get-Value $c 'RawData') {
            # A certificate given whole (a fixture's own): used as it is.
            $script:Certificates[$key] = [Convert]::FromBase64String($raw)
        }
        elseif (-not $script:Certificates.ContainsKey($key)) {
            $notAfter = [datetime]::Parse([string]$c.NotAfter, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal)
            $script:Certificates[$key] = [Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate]::Create($c.Subject, [string](Get-Value $c 'Issuer'), [string[]]@(Get-Value $c 'DnsNameList'), $notAfter)
        }
        $raw = $script:Certificates[$key]
        $thumbprint = Get-Value $c 'Thumbprint'
        if (-not $thumbprint) {
            $thumbprint = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($raw).Thumbprint
        }
        $o = [Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate]::new($raw, $thumbprint)
        $o.FriendlyName = [string](Get-Value $c 'FriendlyName')
        $o.Services = if ($services = Get-Value $c 'Services') { $services } else { 'IIS, SMTP' }
        $o.DnsNameList = New-List 'Microsoft.Exchange.Data.SmtpDomainWithSubdomains' (Get-Value $c 'DnsNameList') { param($v) [Microsoft.Exchange.Data.SmtpDomainWithSubdomains]::new($v) }
        $o
    }
}

function Get-HybridConfiguration {
    [CmdletBinding()] param()
    Assert-Working $MyInvocation.MyCommand.Name
    foreach ($h in Read-State 'ExchangeServer' 'HybridConfiguration') {
        $o = Set-Common ([Microsoft.Exchange.Management.Hybrid.HybridConfiguration]::new()) 'Hybrid Configuration' 'CN=Hybrid Configuration' 'Hybrid Configuration'
        $o.Domains = New-List 'Microsoft.Exchange.Data.SmtpDomain' (Get-Value $h 'Domains') { param($v) [Microsoft.Exchange.Data.SmtpDomain]::new($v) }
        if ($smartHost = Get-Value $h 'OnPremisesSmartHost') { $o.OnPremisesSmartHost = [Microsoft.Exchange.Data.SmtpDomain]::new($smartHost) }
        if ($certificate = Get-Value $h 'TlsCertificateName') { $o.TlsCertificateName = [Microsoft.Exchange.Data.SmtpX509Identifier]::Parse($certificate) }
        $o
    }
}

# ---- the cmdlets that change the organization ----
# Each declares the parameters of the real cmdlet with their types (a wrong name or a value of the
# wrong type fails as in Exchange) and writes the change into the state, in the state's own texts.

function Write-State([string] $Folder, [string] $Name, [object[]] $Objects) {
    $path = Join-Path (Join-Path $script:StateFolder $Folder) "$Name.json"
    ConvertTo-Json -InputObject @($Objects) -Depth 5 | Set-Content -LiteralPath $path -Encoding UTF8
}

# A multi-valued parameter: a list replaces the values, @{Add=...; Remove=...} edits them, $null clears them.
function Update-List($Current, $Value) {
    if ($null -eq $Value) { return , @() }
    if ($Value -is [hashtable]) {
        $items = [System.Collections.Generic.List[string]]::new()
        foreach ($item in @($Current | Where-Object { $null -ne $_ })) { $items.Add([string]$item) }
        foreach ($item in @($Value['Remove'] | Where-Object { $null -ne $_ })) {
            $found = @($items | Where-Object { $_ -ieq [string]$item })
            if ($found.Count -eq 0) { throw "The value '$item' is not in the list; it cannot be removed." }
            [void] $items.Remove($found[0])
        }
        foreach ($item in @($Value['Add'] | Where-Object { $null -ne $_ })) {
            if (@($items | Where-Object { $_ -ieq [string]$item }).Count -gt 0) { throw "The value '$item' is already in the list." }
            $items.Add([string]$item)
        }
        return , $items.ToArray()
    }
    return , @($Value | ForEach-Object { [string]$_ })
}

# The parameters given, written into the object in the state's texts (enumerations and identifiers as Exchange prints them).
function Set-Properties($Object, [hashtable] $Bound, [string[]] $Lists) {
    foreach ($name in $Bound.Keys) {
        if ($name -in 'Identity', 'Name', 'Server', 'Usage', 'WhatIf', 'Confirm', 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'ProgressAction') { continue }
        $value = $Bound[$name]
        $text = if ($name -in $Lists) { Update-List (Get-Value $Object $name) $value }
        elseif ($null -eq $value) { $null }
        elseif ($value -is [bool] -or $value -is [int]) { $value }
        else { $value.ToString() }
        $Object | Add-Member -NotePropertyName $name -NotePropertyValue $text -Force
    }
}

function Update-Object([string] $Folder, [string] $File, [scriptblock] $Match, [string] $Identity, [hashtable] $Bound, [string[]] $Lists) {
    $objects = @(Read-State $Folder $File)
    $found = @($objects | Where-Object $Match)
    if ($found.Count -ne 1) { throw "The operation couldn't be performed because object '$Identity' couldn't be found." }
    Set-Properties $found[0] $Bound $Lists
    Write-State $Folder $File $objects
}

function Add-Object([string] $Folder, [string] $File, [string] $Name, [hashtable] $Bound, [string[]] $Lists, [hashtable] $Defaults) {
    $objects = @(Read-State $Folder $File)
    if (@($objects | Where-Object { $_.Name -eq $Name -and (-not $Defaults.ContainsKey('Server') -or $_.Server -eq $Defaults['Server']) }).Count -gt 0) {
        throw "An object named '$Name' already exists."
    }
    $object = [pscustomobject]$Defaults
    $object | Add-Member -NotePropertyName Name -NotePropertyValue $Name -Force
    Set-Properties $object $Bound $Lists
    Write-State $Folder $File ($objects + $object)
}

$SendLists = 'AddressSpaces', 'SmartHosts', 'SourceTransportServers'
$ReceiveLists = 'Bindings', 'RemoteIPRanges', 'TlsDomainCapabilities'
$InboundLists = 'SenderDomains', 'SenderIPAddresses', 'EFSkipIPs', 'EFUsers', 'AssociatedAcceptedDomains', 'TrustedOrganizations'
$OutboundLists = 'RecipientDomains', 'SmartHosts'

function Set-SendConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Identity,
        [object] $AddressSpaces, [bool] $DNSRoutingEnabled, [object] $SmartHosts, [int] $Port, [bool] $RequireTLS,
        [Nullable[Microsoft.Exchange.Data.TlsAuthLevel]] $TlsAuthLevel, [Microsoft.Exchange.Data.SmtpDomainWithSubdomains] $TlsDomain,
        [Microsoft.Exchange.Data.SmtpX509Identifier] $TlsCertificateName, [object] $SourceTransportServers, [bool] $CloudServicesMailEnabled,
        [Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms] $SmartHostAuthMechanism,
        [Microsoft.Exchange.Data.Fqdn] $Fqdn, [bool] $FrontendProxyEnabled, [bool] $Enabled)
    if ($PSCmdlet.ShouldProcess($Identity, 'Set-SendConnector')) {
        Update-Object 'ExchangeServer' 'SendConnector' { $_.Name -eq $Identity } $Identity $PSBoundParameters $SendLists
    }
}

function New-SendConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $Name, [Parameter(Mandatory = $true)] [object] $AddressSpaces,
        [ValidateSet('Custom', 'Internal', 'Internet', 'Partner')] [string] $Usage,
        [bool] $DNSRoutingEnabled, [object] $SmartHosts, [int] $Port, [bool] $RequireTLS,
        [Nullable[Microsoft.Exchange.Data.TlsAuthLevel]] $TlsAuthLevel, [Microsoft.Exchange.Data.SmtpDomainWithSubdomains] $TlsDomain,
        [Microsoft.Exchange.Data.SmtpX509Identifier] $TlsCertificateName, [object] $SourceTransportServers, [bool] $CloudServicesMailEnabled,
        [Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms] $SmartHostAuthMechanism,
        [Microsoft.Exchange.Data.Fqdn] $Fqdn, [bool] $FrontendProxyEnabled, [bool] $Enabled)
    if ($PSCmdlet.ShouldProcess($Name, 'New-SendConnector')) {
        Add-Object 'ExchangeServer' 'SendConnector' $Name $PSBoundParameters $SendLists @{ Enabled = $true; DNSRoutingEnabled = $true; Port = 25; SmartHosts = @(); SourceTransportServers = @() }
    }
}

# A built-in connector the state does not hold yet (Get-ReceiveConnector makes it up as setup made it) is written into the state before it is changed.
function Save-BuiltInReceiveConnector([string] $Identity) {
    $server, $name = $Identity -split '\\', 2
    $connectors = @(Read-State 'ExchangeServer' 'ReceiveConnector')
    if (@($connectors | Where-Object { $_.Server -eq $server -and $_.Name -eq $name }).Count -gt 0) { return }
    $holder = @(Read-State 'ExchangeServer' 'ExchangeServer' | Where-Object { $_.Name -eq $server })
    $builtIn = @($BuiltInReceiveConnectors | Where-Object { ($_.Name -f $server) -eq $name })
    if ($holder.Count -eq 0 -or $builtIn.Count -eq 0) { return }
    $connectors += [pscustomobject]@{
        Name = $name; Server = $server; TransportRole = $builtIn[0].Role; Bindings = $builtIn[0].Bindings
        RemoteIPRanges = @('0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')
        PermissionGroups = $builtIn[0].Permissions; AuthMechanism = $builtIn[0].Auth; RequireTLS = $false; Enabled = $true; Fqdn = $holder[0].Fqdn
    }
    Write-State 'ExchangeServer' 'ReceiveConnector' $connectors
}

function Set-ReceiveConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Identity,
        [Microsoft.Exchange.Data.ServerRole] $TransportRole, [object] $Bindings, [object] $RemoteIPRanges,
        [Microsoft.Exchange.Data.PermissionGroups] $PermissionGroups,
        [Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector+AuthMechanisms] $AuthMechanism,
        [bool] $RequireTLS, [bool] $Enabled, [Microsoft.Exchange.Data.Fqdn] $Fqdn,
        [Microsoft.Exchange.Data.SmtpX509Identifier] $TlsCertificateName, [object] $TlsDomainCapabilities)
    if ($PSCmdlet.ShouldProcess($Identity, 'Set-ReceiveConnector')) {
        Save-BuiltInReceiveConnector $Identity
        Update-Object 'ExchangeServer' 'ReceiveConnector' { "$($_.Server)\$($_.Name)" -eq $Identity } $Identity $PSBoundParameters $ReceiveLists
    }
}

function New-ReceiveConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $Name, [Parameter(Mandatory = $true)] [string] $Server,
        [Parameter(Mandatory = $true)] [ValidateSet('Client', 'Custom', 'Internal', 'Internet', 'Partner')] [string] $Usage,
        [Microsoft.Exchange.Data.ServerRole] $TransportRole, [object] $Bindings, [object] $RemoteIPRanges,
        [Microsoft.Exchange.Data.PermissionGroups] $PermissionGroups,
        [Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector+AuthMechanisms] $AuthMechanism,
        [bool] $RequireTLS, [bool] $Enabled, [Microsoft.Exchange.Data.Fqdn] $Fqdn,
        [Microsoft.Exchange.Data.SmtpX509Identifier] $TlsCertificateName, [object] $TlsDomainCapabilities)
    if ($PSCmdlet.ShouldProcess("$Server\$Name", 'New-ReceiveConnector')) {
        Add-Object 'ExchangeServer' 'ReceiveConnector' $Name $PSBoundParameters $ReceiveLists @{ Server = $Server; Enabled = $true; TransportRole = 'FrontendTransport'; PermissionGroups = 'None'; AuthMechanism = 'Tls'; Bindings = @(); RemoteIPRanges = @() }
    }
}

function Add-ADPermission {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [string] $Identity, [Parameter(Mandatory = $true)] [string] $User, [Parameter(Mandatory = $true)] [string[]] $ExtendedRights)
    if ($PSCmdlet.ShouldProcess($Identity, 'Add-ADPermission')) {
        $permissions = @(Read-State 'ExchangeServer' 'AnonymousRelayPermission')
        $permissions += [pscustomobject]@{ Connector = $Identity; User = $User; ExtendedRights = $ExtendedRights; Deny = $false; IsInherited = $false }
        Write-State 'ExchangeServer' 'AnonymousRelayPermission' $permissions
    }
}

function Remove-ADPermission {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true)] [string] $Identity, [Parameter(Mandatory = $true)] [string] $User, [Parameter(Mandatory = $true)] [string[]] $ExtendedRights)
    if ($PSCmdlet.ShouldProcess($Identity, 'Remove-ADPermission')) {
        $permissions = @(Read-State 'ExchangeServer' 'AnonymousRelayPermission')
        $kept = @($permissions | Where-Object { -not ($_.Connector -eq $Identity -and $_.User -eq $User) })
        if ($kept.Count -eq $permissions.Count) { throw "No access control entry of $User on $Identity." }
        Write-State 'ExchangeServer' 'AnonymousRelayPermission' $kept
    }
}

function Enable-ExchangeCertificate {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [string] $Thumbprint, [Parameter(Mandatory = $true)] [Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices] $Services, [string] $Server)
    if ($PSCmdlet.ShouldProcess($Thumbprint, 'Enable-ExchangeCertificate')) {
        $certificates = @(Read-State 'ExchangeServer' 'ExchangeCertificate')
        if (@($certificates | Where-Object { $_.Thumbprint -eq $Thumbprint }).Count -eq 0) {
            throw "The certificate with thumbprint $Thumbprint was not found on server '$Server'."
        }
    }
}

function Set-InboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Identity,
        [bool] $Enabled, [Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantConnectorType] $ConnectorType,
        [object] $SenderDomains, [object] $SenderIPAddresses, [bool] $RequireTls, [Microsoft.Exchange.Data.TlsCertificate] $TlsSenderCertificateName,
        [bool] $RestrictDomainsToCertificate, [bool] $RestrictDomainsToIPAddresses, [bool] $CloudServicesMailEnabled, [bool] $TreatMessagesAsInternal,
        [object] $EFSkipIPs, [bool] $EFSkipLastIP, [object] $EFUsers, [object] $AssociatedAcceptedDomains, [object] $TrustedOrganizations)
    if ($PSCmdlet.ShouldProcess($Identity, 'Set-InboundConnector')) {
        Update-Object 'ExchangeOnline' 'InboundConnector' { $_.Name -eq $Identity } $Identity $PSBoundParameters $InboundLists
    }
}

function New-InboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $Name, [Parameter(Mandatory = $true)] [object] $SenderDomains,
        [bool] $Enabled, [Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantConnectorType] $ConnectorType,
        [object] $SenderIPAddresses, [bool] $RequireTls, [Microsoft.Exchange.Data.TlsCertificate] $TlsSenderCertificateName,
        [bool] $RestrictDomainsToCertificate, [bool] $RestrictDomainsToIPAddresses, [bool] $CloudServicesMailEnabled, [bool] $TreatMessagesAsInternal,
        [object] $EFSkipIPs, [bool] $EFSkipLastIP, [object] $EFUsers, [object] $AssociatedAcceptedDomains, [object] $TrustedOrganizations)
    if ($PSCmdlet.ShouldProcess($Name, 'New-InboundConnector')) {
        Add-Object 'ExchangeOnline' 'InboundConnector' $Name $PSBoundParameters $InboundLists @{ Enabled = $true; ConnectorType = 'Partner'; SenderIPAddresses = @() }
    }
}

function Set-OutboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Identity,
        [bool] $Enabled, [Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantConnectorType] $ConnectorType,
        [object] $RecipientDomains, [bool] $UseMXRecord, [object] $SmartHosts, [Nullable[Microsoft.Exchange.Data.TlsAuthLevel]] $TlsSettings,
        [Microsoft.Exchange.Data.SmtpDomainWithSubdomains] $TlsDomain, [bool] $RouteAllMessagesViaOnPremises, [bool] $IsTransportRuleScoped,
        [bool] $CloudServicesMailEnabled, [bool] $AllAcceptedDomains, [bool] $SenderRewritingEnabled)
    if ($PSCmdlet.ShouldProcess($Identity, 'Set-OutboundConnector')) {
        Update-Object 'ExchangeOnline' 'OutboundConnector' { $_.Name -eq $Identity } $Identity $PSBoundParameters $OutboundLists
    }
}

function New-OutboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $Name,
        [bool] $Enabled, [Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantConnectorType] $ConnectorType,
        [object] $RecipientDomains, [bool] $UseMXRecord, [object] $SmartHosts, [Nullable[Microsoft.Exchange.Data.TlsAuthLevel]] $TlsSettings,
        [Microsoft.Exchange.Data.SmtpDomainWithSubdomains] $TlsDomain, [bool] $RouteAllMessagesViaOnPremises, [bool] $IsTransportRuleScoped,
        [bool] $CloudServicesMailEnabled, [bool] $AllAcceptedDomains, [bool] $SenderRewritingEnabled)
    if ($PSCmdlet.ShouldProcess($Name, 'New-OutboundConnector')) {
        Add-Object 'ExchangeOnline' 'OutboundConnector' $Name $PSBoundParameters $OutboundLists @{ Enabled = $true; ConnectorType = 'Partner'; RecipientDomains = @(); SmartHosts = @() }
    }
}

function Set-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)] [string] $Identity, [Microsoft.Exchange.Data.AcceptedDomainType] $DomainType, [bool] $MakeDefault, [bool] $MatchSubDomains)
    if ($PSCmdlet.ShouldProcess($Identity, 'Set-AcceptedDomain')) {
        $bound = @{} + $PSBoundParameters
        if ($bound.ContainsKey('MakeDefault')) { $bound['Default'] = $bound['MakeDefault']; $bound.Remove('MakeDefault') }
        Update-Object $Side 'AcceptedDomain' { $_.DomainName -eq $Identity } $Identity $bound @()
    }
}

function Set-OrganizationConfig {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([bool] $RejectDirectSend)
    if ($PSCmdlet.ShouldProcess('organization', 'Set-OrganizationConfig')) {
        Update-Object 'ExchangeOnline' 'OrganizationConfig' { $true } 'organization' $PSBoundParameters @()
    }
}

function Set-TransportConfig {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([bool] $SmtpClientAuthenticationDisabled)
    if ($PSCmdlet.ShouldProcess('transport configuration', 'Set-TransportConfig')) {
        $config = @(Read-State 'ExchangeOnline' 'TransportConfig')
        if ($config.Count -eq 0) { $config = @([pscustomobject]@{}) }
        Set-Properties $config[0] $PSBoundParameters @()
        Write-State 'ExchangeOnline' 'TransportConfig' $config
    }
}

$cmdlets = if ($Side -eq 'ExchangeOnline') {
    'Get-InboundConnector', 'Get-OutboundConnector', 'Get-AcceptedDomain', 'Get-OrganizationConfig', 'Get-TransportConfig',
    'Set-InboundConnector', 'New-InboundConnector', 'Set-OutboundConnector', 'New-OutboundConnector', 'Set-AcceptedDomain', 'Set-OrganizationConfig', 'Set-TransportConfig'
}
else {
    'Get-SendConnector', 'Get-ReceiveConnector', 'Get-AcceptedDomain', 'Get-ExchangeServer', 'Get-ExchangeCertificate', 'Get-HybridConfiguration', 'Get-ADPermission',
    'Set-SendConnector', 'New-SendConnector', 'Set-ReceiveConnector', 'New-ReceiveConnector', 'Add-ADPermission', 'Remove-ADPermission', 'Enable-ExchangeCertificate', 'Set-AcceptedDomain'
}

Export-ModuleMember -Function @($cmdlets | Where-Object { $Without -notcontains $_ })
