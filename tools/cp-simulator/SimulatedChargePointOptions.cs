namespace OliMove.Tools.CpSimulator;

/// <summary>One simulated charge point: where it connects, how it is wired, what it reports.</summary>
public sealed record SimulatedChargePointOptions
{
    public required string ChargePointId { get; init; }

    /// <summary>The central system's base address, e.g. ws://127.0.0.1:8080/ocpp (the id is appended).</summary>
    public required Uri CentralSystem { get; init; }

    /// <summary>Security profile 1 password; null = no Authorization header.</summary>
    public string? AuthorizationKey { get; init; }

    public int ConnectorCount { get; init; } = 1;

    public ElectricalSupply Supply { get; init; } = new(230, 3, 32);

    public string Vendor { get; init; } = "OliMove";

    public string Model { get; init; } = "SimCP";

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Charging rate units the charger accepts in profiles ("Current", "Power" or both).</summary>
    public string AllowedChargingRateUnits { get; init; } = "Current,Power";

    public int MaxStackLevel { get; init; } = 8;

    /// <summary>Whether the firmware has the Reservation profile (SupportedFeatureProfiles, ReserveNow).</summary>
    public bool SupportsReservations { get; init; } = true;

    /// <summary>Forces the answer to ReserveNow (Faulted, Unavailable, ...); null answers as the connector's state says.</summary>
    public OliMove.Ocpp.Messages.ReservationStatus? ReserveNowAnswer { get; init; }

    /// <summary>A charger whose firmware rejects every SetChargingProfile (it runs on its own rating).</summary>
    public bool RejectsAllProfiles { get; init; }

    /// <summary>
    /// Rejects this many TxProfiles first, as firmware does with one that crosses its StartTransaction.conf on the
    /// wire (it does not know the transaction id yet, OCPP 1.6 §5.16); the car meanwhile runs on the default.
    /// </summary>
    public int RejectsFirstTxProfiles { get; init; }

    public int MaxSchedulePeriods { get; init; } = 24;

    /// <summary>Whether a 3-phase connector switches a transaction to one phase (its L1) when the profile in force
    /// says numberPhases 1 (ConnectorSwitch3to1PhaseSupported, OCPP 1.6 §9.4.4).</summary>
    public bool SwitchesPhases { get; init; }

    public int MaxProfilesInstalled { get; init; } = 16;

    /// <summary>The car a RemoteStartTransaction plugs in.</summary>
    public Func<ICarModel> CarForRemoteStart { get; init; } = () => new FixedLimitCar(11_000);
}
