using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Storage.Tests;

/// <summary>A small registered site most tests start from: two charge points in group g1 (group g2 starts empty).</summary>
public static class TestSite
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static ConnectorDefinition ThreePhase(int id) => new(id, $"DE*OLI*E{id}", ConnectionType.Type2, 22_000, 3, null, 6, 32);

    public static ConnectorDefinition OnePhase(int id, PhaseConductor phase) => new(id, $"DE*OLI*F{id}", ConnectionType.Type2, 3_680, 1, phase, 6, 16);

    public static IReadOnlyList<ChargePointDefinition> ChargePoints =>
    [
        new("CP-1", "cabinet-a", "hash-1", ChargingRateUnit.A, [ThreePhase(1), ThreePhase(2)]),
        new("CP-2", "cabinet-a", null, ChargingRateUnit.W, [OnePhase(1, PhaseConductor.L2)]),
    ];

    /// <summary>
    /// The site with these charge points: roots g1 and g2 (the charging groups), cabinet-a under g1 and
    /// cabinet-b under g2. Built in code, not loaded, so that a test can also hand the registry what the
    /// loader would refuse.
    /// </summary>
    public static SiteTopology Site(params IReadOnlyList<ChargePointDefinition> chargePoints) =>
        SiteTopology.Build(new SiteMapDocument(
            "test-site",
            "Test site",
            230,
            new GridConnection(null, 200_000),
            [
                new CircuitDefinition("g1", null, 63, null),
                new CircuitDefinition("cabinet-a", "g1", 32, null),
                new CircuitDefinition("g2", null, 63, null),
                new CircuitDefinition("cabinet-b", "g2", 32, null),
            ],
            chargePoints,
            [],
            [],
            []));

    public static async Task<EdgeDatabase> OpenRegisteredAsync(TempDatabaseFile file)
    {
        var db = await file.OpenAsync();
        await new ChargePointRepository(db).SyncFromSiteMapAsync(Site(ChargePoints), T0);
        return db;
    }
}
