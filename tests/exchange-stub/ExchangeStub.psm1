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
    foreach ($s in Read-State 'ExchangeServer' 'ExchangeServer') {
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

function New-ReceiveConnector([string] $Server, [string] $Name) {
    return Set-Common ([Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector]::new()) $Name "CN=SMTP Receive Connectors,CN=Protocols,CN=$Server,$ServersContainer" "$Server\$Name"
}

function Get-ReceiveConnector {
    [CmdletBinding()] param([Parameter(Position = 0)] [string] $Identity, [string] $Server)
    Assert-Working $MyInvocation.MyCommand.Name
    $described = @(Read-State 'ExchangeServer' 'ReceiveConnector')
    foreach ($c in $described) {
        $o = New-ReceiveConnector $c.Server $c.Name
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
            $o = New-ReceiveConnector $s.Name $name
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
            Identity       = (New-ReceiveConnector $server $name).Identity
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

$cmdlets = if ($Side -eq 'ExchangeOnline') {
    'Get-InboundConnector', 'Get-OutboundConnector', 'Get-AcceptedDomain', 'Get-OrganizationConfig', 'Get-TransportConfig'
}
else {
    'Get-SendConnector', 'Get-ReceiveConnector', 'Get-AcceptedDomain', 'Get-ExchangeServer', 'Get-ExchangeCertificate', 'Get-HybridConfiguration', 'Get-ADPermission'
}

Export-ModuleMember -Function @($cmdlets | Where-Object { $Without -notcontains $_ })
