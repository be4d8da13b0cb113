using OliMove.Edge.Planning;

namespace OliMove.Edge.Tests.Planning;

public class PlanIdsTests
{
    [Fact]
    public void Keeps_the_forms_that_archived_snapshots_and_their_hashes_use()
    {
        PlanIds.ConnectorKey("OLI-DEMO-01", 2).Should().Be("OLI-DEMO-01/2");
        PlanIds.SessionIdOf(42).Should().Be("tx-42");
        PlanIds.SessionIdOfConnector("OLI-DEMO-01", 2).Should().Be("new-OLI-DEMO-01/2");
    }
}
