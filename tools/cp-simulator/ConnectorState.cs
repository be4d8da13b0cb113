namespace OliMove.Tools.CpSimulator;

/// <summary>What is going on at one connector of the simulated charger.</summary>
public sealed class ConnectorState(int connectorId)
{
    public int ConnectorId { get; } = connectorId;

    public ICarModel? Car { get; set; }

    public string? IdTag { get; set; }

    /// <summary>The simulator's own reference for the running transaction, valid before the central system
    /// confirmed it (the charger may start a transaction offline).</summary>
    public int? LocalTransaction { get; set; }

    public DateTimeOffset TransactionStart { get; set; }

    /// <summary>The energy register only grows; it is not reset per transaction (OCPP 1.6 §7.31).</summary>
    public double EnergyRegisterWh { get; set; }

    public double DrawW { get; set; }

    public double OfferedW { get; set; }

    /// <summary>The lines the connector runs on now: the supply's, or 1 after a profile with numberPhases 1 on a
    /// charger that switches (OCPP 1.6 §9.4.4).</summary>
    public int ActivePhases { get; set; } = 3;

    /// <summary>The car's current per line L1, L2, L3 in A (what Current.Import reports).</summary>
    public double[] LineCurrentsA { get; set; } = new double[3];

    public DateTimeOffset LastUpdate { get; set; }

    /// <summary>The reservation held on this connector (OCPP 1.6 §5.13), if any.</summary>
    public int? ReservationId { get; set; }

    public string? ReservedIdTag { get; set; }

    public DateTimeOffset ReservationExpiry { get; set; }

    /// <summary>The reservation's expiry while it holds at <paramref name="now"/>; null when there is none or it lapsed.</summary>
    public DateTimeOffset? ReservedUntil(DateTimeOffset now) => ReservationId is not null && ReservationExpiry > now ? ReservationExpiry : null;
}
