namespace OliMove.Storage.Tests;

/// <summary>A small registered site most tests start from: two charge points in group g1.</summary>
public static class TestSite
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static ConnectorDefinition ThreePhase(int id) => new(id, "Type2", 3, null, 6, 32, 22_000, ChargingRateUnit.A);

    public static ConnectorDefinition OnePhase(int id, string phase) => new(id, "Type2", 1, phase, 6, 16, 3_680, ChargingRateUnit.W);

    public static IReadOnlyList<ChargePointDefinition> ChargePoints =>
    [
        new("CP-1", "g1", "cabinet-a", "DE*OLI*E1", "hash-1", [ThreePhase(1), ThreePhase(2)]),
        new("CP-2", "g1", "cabinet-a", null, null, [OnePhase(1, "L2")]),
    ];

    public static async Task<EdgeDatabase> OpenRegisteredAsync(TempDatabaseFile file)
    {
        var db = await file.OpenAsync();
        await new ChargePointRepository(db).SyncFromSiteMapAsync(ChargePoints, T0);
        return db;
    }
}
