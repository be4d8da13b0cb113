namespace OliMove.Scheduling;

/// <summary>
/// Flexibility of a finished session in kWh·h, as docs/design.md § Flexibility and tokens defines it:
/// <c>E_delivered_kWh × clamp(L, 0, cap_h)</c> with laxity <c>L = (min(declared, actual departure) − arrival) − E_delivered / P_max</c>
/// in hours: the kWh the user let us move, times the hours they let us move them. Declaring more energy lowers it.
/// Tokens = flexibility × the CPO's rate, for opted-in sessions only. Decimal arithmetic, rounded half-even to
/// 6 decimals, so the figure is the same on every machine and can be settled on chain.
/// </summary>
public static class FlexibilityCalculator
{
    public const int Decimals = 6;

    /// <summary>Flexibility in kWh·h; <paramref name="capHours"/> bounds the laxity that counts.</summary>
    public static decimal FlexibilityKWhH(FinishedSession session, decimal capHours)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (capHours < 0)
            throw new ArgumentOutOfRangeException(nameof(capHours), capHours, "the cap is a number of hours ≥ 0");
        if (session.EnergyDeliveredWh < 0)
            throw new ArgumentOutOfRangeException(nameof(session), session.EnergyDeliveredWh, "delivered energy is negative");
        if (session.ActualDeparture < session.Arrival)
            throw new ArgumentOutOfRangeException(nameof(session), "the session departs before it arrives");
        if (session.EnergyDeliveredWh == 0)
            return 0m;
        if (session.MaxPowerW <= 0)
            throw new ArgumentOutOfRangeException(nameof(session), session.MaxPowerW, "P_max must be positive when energy was delivered");

        var end = session.DeclaredDeparture is { } declared && declared < session.ActualDeparture ? declared : session.ActualDeparture;
        decimal stayHours = (decimal)(end.UtcTicks - session.Arrival.UtcTicks) / TimeSpan.TicksPerHour;
        decimal workHours = (decimal)session.EnergyDeliveredWh / session.MaxPowerW;
        decimal laxity = Math.Clamp(stayHours - workHours, 0m, capHours);
        decimal kWh = session.EnergyDeliveredWh / 1000m;
        return Math.Round(kWh * laxity, Decimals, MidpointRounding.ToEven);
    }

    /// <summary>Tokens earned: flexibility × <paramref name="tokensPerKWhH"/>, 0 for a session that did not opt in.</summary>
    public static decimal Tokens(FinishedSession session, decimal capHours, decimal tokensPerKWhH)
    {
        if (tokensPerKWhH < 0)
            throw new ArgumentOutOfRangeException(nameof(tokensPerKWhH), tokensPerKWhH, "the rate is ≥ 0");
        return session.OptedIn ? Math.Round(FlexibilityKWhH(session, capHours) * tokensPerKWhH, Decimals, MidpointRounding.ToEven) : 0m;
    }
}
