namespace OliMove.Edge.VerifyTests;

/// <summary>One simulated day and one anvil for every test that verifies it (the suite must stay fast on 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class ArchivedDayCollection : ICollectionFixture<ArchivedDayFixture>
{
    public const string Name = "archived day";
}
