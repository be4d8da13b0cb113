namespace OliMove.Edge.Operations;

/// <summary>The spans the energy history covers, each on the site's calendar: a day, a week (Monday first) or a month.</summary>
public enum EnergyPeriod
{
    Day,
    Week,
    Month,
}
