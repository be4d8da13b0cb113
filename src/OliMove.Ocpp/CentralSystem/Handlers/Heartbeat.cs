using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.6: answers with the central system's time; nothing is stored.</summary>
public sealed class Heartbeat(OcppCentralSystemEvents events, TimeProvider time) : IChargePointCallHandler<HeartbeatRequest, HeartbeatResponse>
{
    public ValueTask<HeartbeatResponse> HandleAsync(ChargePointSession session, OcppCallContext context, HeartbeatRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        context.OnReplySent(() => events.Raise(new ChargePointHeartbeat(session.ChargePointId, now)));
        return ValueTask.FromResult(new HeartbeatResponse { CurrentTime = now });
    }
}
