namespace OliMove.Tools.SiteSimulator;

/// <summary>
/// One day of the Caltech garage replayed on a site map's connectors: each session of the source day keeps
/// its local arrival and departure times and its energy, moved to the simulated day, and takes the connector
/// that has been free the longest (ties by site-map order). Sessions that find every connector taken are
/// turned away, as they would be on a real site with fewer connectors than the garage's 54.
/// </summary>
public sealed record SiteScenario(
    IReadOnlyList<ScenarioVisit> Visits,
    IReadOnlyList<CaltechSession> TurnedAway,
    IReadOnlyList<ScenarioConnector> Connectors,
    string? FreeChargePointId)
{
    /// <summary>Builds the scenario. <paramref name="siteLocalOffset"/> is the site's UTC offset, so the
    /// garage's 8 am arrivals happen at 8 am site time (the PV data use the same Pasadena clock).
    /// <paramref name="energyScale"/> multiplies every session's energy: the garage's EVs were limited to
    /// 6.6 kW, so on 11 and 22 kW connectors they fill in minutes unless asked for more.</summary>
    public static SiteScenario Build(
        IReadOnlyList<CaltechSession> sessions,
        IReadOnlyList<ScenarioConnector> connectors,
        DateOnly sourceDay,
        DateOnly simulatedDay,
        TimeSpan siteLocalOffset,
        string? freeChargePointId,
        double optInShare,
        int seed,
        double energyScale = 1)
    {
        if (energyScale <= 0 || double.IsNaN(energyScale))
        {
            throw new ArgumentOutOfRangeException(nameof(energyScale), energyScale, "the energy scale must be > 0");
        }

        if (optInShare is < 0 or > 1 || double.IsNaN(optInShare))
        {
            throw new ArgumentOutOfRangeException(nameof(optInShare), optInShare, "the opt-in share must be in [0, 1]");
        }

        if (freeChargePointId is not null && connectors.All(c => c.ChargePointId != freeChargePointId))
        {
            throw new ArgumentException($"charge point '{freeChargePointId}' is not in the site map", nameof(freeChargePointId));
        }

        var usable = connectors.Where(c => c.ChargePointId != freeChargePointId).ToList();
        var freeSince = usable.Select(_ => DateTimeOffset.MinValue).ToArray();
        var sourceStart = sourceDay.ToDateTime(TimeOnly.MinValue);
        var simulatedStart = new DateTimeOffset(simulatedDay.ToDateTime(TimeOnly.MinValue), siteLocalOffset);
        var random = new Random(seed);
        var visits = new List<ScenarioVisit>();
        var turnedAway = new List<CaltechSession>();
        var day = sessions
            .Where(s => DateOnly.FromDateTime(s.ArrivalLocal) == sourceDay)
            .OrderBy(s => s.ArrivalLocal).ThenBy(s => s.SessionId, StringComparer.Ordinal)
            .ToList();
        foreach (var session in day)
        {
            var arrival = simulatedStart + (session.ArrivalLocal - sourceStart);
            var departure = simulatedStart + (session.DepartureLocal - sourceStart);
            // Draw the car before choosing the connector, so a turned-away session does not shift the others' cars.
            var capacityPick = random.Next(3);
            var powerPick = random.Next(4);
            var optsIn = random.NextDouble() < optInShare;
            var index = -1;
            for (var i = 0; i < usable.Count; i++)
            {
                if (freeSince[i] <= arrival && (index < 0 || freeSince[i] < freeSince[index]))
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                turnedAway.Add(session);
                continue;
            }

            var connector = usable[index];
            freeSince[index] = departure;
            var energyWh = session.EnergyKWh * 1000 * energyScale;
            double capacityWh = connector.IsDc ? 75_000 : new[] { 40_000, 60_000, 75_000 }[capacityPick];
            // The car arrives with room for exactly the energy the Caltech EV took, so it is full at that energy.
            capacityWh = Math.Max(capacityWh, energyWh / 0.9);
            var initialSoC = Math.Clamp(100 - (100 * energyWh / capacityWh), 0, 100);
            var carMaxW = connector.IsDc ? 50_000 : Math.Min(connector.RatedPowerW, new[] { 7_400, 11_000, 11_000, 22_000 }[powerPick]);
            visits.Add(new ScenarioVisit(
                session.SessionId,
                connector,
                $"EV-{visits.Count + 1:D4}",
                arrival,
                departure,
                energyWh,
                capacityWh,
                initialSoC,
                carMaxW,
                optsIn));
        }

        return new SiteScenario(visits, turnedAway, connectors, freeChargePointId);
    }
}
