using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>OCPP 1.6 §4.8: firmware resends a StartTransaction whose reply it lost; the resend is the same transaction.</summary>
public class ReplayedStartTransactionTests
{
    [Fact]
    public async Task A_resent_StartTransaction_gets_the_same_transactionId_and_stores_nothing_new()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = await RawChargePoint.ConnectAsync(host.OcppUri, "OLI-DEMO-03");
        await cp.BootAsync();
        var at = DateTimeOffset.UtcNow.AddSeconds(-30);

        var first = await cp.StartAsync(1, "TAG-REPLAY", 1_000, at);
        var second = await cp.StartAsync(1, "TAG-REPLAY", 1_000, at);

        second["transactionId"]!.GetValue<int>().Should().Be(first["transactionId"]!.GetValue<int>());
        (await host.Get<TransactionRepository>().ListActiveAsync()).Should().ContainSingle();
    }
}
