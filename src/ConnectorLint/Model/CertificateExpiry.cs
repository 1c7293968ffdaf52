namespace ConnectorLint.Model;

public enum ExpiryState
{
    Valid,
    ExpiresSoon,
    Expired,
}

/// <summary>
/// One window for every certificate judged by date (CL207 in the file, CL703 on the wire): a
/// certificate is valid through the whole of its notAfter day and expired from the day after; it
/// "expires soon" from <c>warningDays</c> days before that day through the day itself.
/// </summary>
public static class CertificateExpiry
{
    public static ExpiryState Judge(DateOnly notAfter, DateOnly today, int warningDays)
    {
        var days = DaysLeft(notAfter, today);
        return days < 0 ? ExpiryState.Expired : days <= warningDays ? ExpiryState.ExpiresSoon : ExpiryState.Valid;
    }

    /// <summary>Whole days from today to the notAfter day: 0 on the last day, negative once expired.</summary>
    public static int DaysLeft(DateOnly notAfter, DateOnly today) => notAfter.DayNumber - today.DayNumber;
}
