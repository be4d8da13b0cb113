using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.3: the host's recorder answers vendor-specific data.</summary>
public sealed class DataTransfer(IChargePointRecorder recorder) : IChargePointCallHandler<DataTransferRequest, DataTransferResponse>
{
    public ValueTask<DataTransferResponse> HandleAsync(ChargePointSession session, OcppCallContext context, DataTransferRequest request, CancellationToken ct) =>
        new(recorder.DataTransferAsync(session.ChargePointId, request, ct));
}
