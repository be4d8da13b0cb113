namespace OliMove.Edge.Dispatch;

/// <summary>
/// Decides whether a freshly built profile must be sent, so that only changed profiles go on the wire.
/// Two profiles are the same from <c>now</c> on when they give the same limit at every later instant up to the
/// old one's end; the old one is still resent when less than <see cref="_minimumCoverage"/> of it remains, so a
/// charge point left alone keeps following a plan rather than falling back to its default too early.
/// </summary>
public sealed class ProfileChangeDetector(TimeSpan minimumCoverage)
{
    private readonly TimeSpan _minimumCoverage = minimumCoverage;

    public bool MustSend(ChargingProfileSpec? installed, ChargingProfileSpec next, DateTimeOffset now)
    {
        if (installed is null
            || installed.ConnectorId != next.ConnectorId
            || installed.Purpose != next.Purpose
            || installed.TransactionId != next.TransactionId
            || installed.Unit != next.Unit
            || installed.StackLevel != next.StackLevel)
        {
            return true;
        }

        if (installed.End - now < _minimumCoverage || installed.End > next.End)
        {
            return true;
        }

        var instants = installed.BreakpointsFrom(now).Concat(next.BreakpointsFrom(now)).Append(now)
            .Where(t => t < installed.End)
            .Distinct()
            .Order();
        foreach (var t in instants)
        {
            if (installed.LimitAt(t) != next.LimitAt(t))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="next"/> allows more than <paramref name="installed"/> at any instant from now.</summary>
    public static bool Raises(ChargingProfileSpec installed, ChargingProfileSpec next, DateTimeOffset now) =>
        installed.BreakpointsFrom(now).Concat(next.BreakpointsFrom(now)).Append(now)
            .Where(t => t < next.End)
            .Any(t => installed.LimitAt(t) is not { } before || Power(next, next.LimitAt(t)!.Value) > Power(installed, before));

    /// <summary>A limit as power in units of the phase voltage: in A it is per phase over numberPhases (default 3,
    /// OCPP 1.6 §7.13), so a switch to one phase at more amps is still a lower limit (decision 0324).</summary>
    private static decimal Power(ChargingProfileSpec spec, (decimal Limit, int? Phases) at) =>
        spec.Unit == ProfileRateUnit.A ? at.Limit * (at.Phases ?? 3) : at.Limit;
}
