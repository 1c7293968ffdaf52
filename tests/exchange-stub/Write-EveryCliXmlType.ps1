<#
    Writes, with Export-Clixml, one object holding a value of every primitive type and container of
    the PowerShell serialization (MS-PSRP 2.2.5.1 and 2.2.5.2), for the CliXml reader's tests.
#>
param([Parameter(Mandatory = $true)] [string] $Path)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$stack = [System.Collections.Stack]::new(); $stack.Push('pushed')
$queue = [System.Collections.Queue]::new(); $queue.Enqueue('queued')
$list = [System.Collections.Generic.List[string]]::new(); $list.Add('listed')
$enumerable = [System.Linq.Enumerable]::Range(1, 2)

[pscustomobject]@{
    String    = "text with _x and a tab`there"
    Char      = [char]'a'
    Boolean   = $true
    DateTime  = [datetime]::new(2026, 12, 7, 10, 0, 0, [DateTimeKind]::Utc)
    Duration  = [timespan]::FromMinutes(10)
    UByte     = [byte]200
    SByte     = [sbyte]-5
    UInt16    = [uint16]65000
    Int16     = [int16]-300
    UInt32    = [uint32]4000000000
    Int32     = [int32]-70000
    UInt64    = [uint64]18446744073709551615
    Int64     = [int64]-9000000000
    Float     = [single]1.5
    Double    = [double]2.25
    Decimal   = [decimal]3.75
    ByteArray = [byte[]](1, 2, 3)
    Guid      = [guid]'9b2e1f0c-3c4d-4e5f-8a9b-0c1d2e3f4a5b'
    Uri       = [uri]'https://contoso.com/'
    Version   = [version]'15.2.1544.4'
    Xml       = [xml]'<a b="c"/>'
    Script    = { Get-SendConnector }
    Secure    = ConvertTo-SecureString 'secret' -AsPlainText -Force
    Null      = $null
    Stack     = $stack
    Queue     = $queue
    List      = $list
    Enumerable = $enumerable
    Dictionary = @{ Key = 'value' }
    Same      = $list
    Another   = [System.Collections.Stack]::new()
} | Export-Clixml -Path $Path -Depth 3
