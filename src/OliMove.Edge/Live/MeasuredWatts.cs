namespace OliMove.Edge.Live;

/// <summary>
/// A measured power as the whole watts live state holds (decision 0207): a charger's OCPP decimal, or the
/// stored sample it was recorded as, rounded to the nearest W (ties to even, as the chain's status rows always
/// rounded it). One rule at both edges, so a rebuilt live state reads as the one it replaces.
/// </summary>
public static class MeasuredWatts
{
    public static long Of(decimal watts) => (long)Math.Round(watts);

    public static long Of(double watts) => (long)Math.Round(watts);
}
