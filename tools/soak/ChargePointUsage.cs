namespace OliMove.Tools.Soak;

/// <summary>How a charge point is used through the week, which decides when its cars come and go.</summary>
public enum ChargePointUsage
{
    /// <summary>Commuters: one car on most weekdays, in by 07:00–10:00, out after 6–9.5 h; few at weekends.</summary>
    Workplace,

    /// <summary>Residents: a car in the evening, out the next morning.</summary>
    Overnight,

    /// <summary>Shoppers: up to four short stays between 09:00 and 20:00.</summary>
    Retail,
}
