using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Asks the charger what it will actually do (GetCompositeSchedule, OCPP 1.6 §5.7) and compares its limit now with
/// a profile it just accepted; a charger whose composite is above it is flagged (a higher stack level of someone
/// else's, or a charger that ignores profiles). A charger that cannot answer is not flagged for it.
/// </summary>
public sealed class CompositeScheduleCheck(ChargePointConnectionRegistry connections, TimeProvider time)
{
    /// <summary>The problem to show on the connector, or null.</summary>
    public async Task<string?> CheckAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        if (!connections.TryGet(chargePointId, out var client))
        {
            return null;
        }

        try
        {
            var now = time.GetUtcNow();
            var response = await client.GetCompositeScheduleAsync(
                new GetCompositeScheduleRequest
                {
                    ConnectorId = spec.ConnectorId,
                    Duration = 60,
                    ChargingRateUnit = spec.Unit == ProfileRateUnit.A ? ChargingRateUnitType.A : ChargingRateUnitType.W,
                },
                ct);
            var expected = spec.LimitAt(now)?.Limit;
            var actual = response.ChargingSchedule?.ChargingSchedulePeriod.FirstOrDefault()?.Limit;
            if (response.Status != AcceptanceStatus.Accepted || expected is null || actual is null)
            {
                return null;
            }

            // The composite may be lower (a charge point max profile, the charger's own rating); only above is wrong.
            return actual > expected + 0.1m ? $"charger's composite schedule {actual} {spec.Unit} is above the plan's {expected} {spec.Unit}" : null;
        }
        catch (Exception e) when (e is OcppCallTimeoutException or OcppConnectionClosedException or OcppCallErrorException)
        {
            return null;
        }
    }
}
