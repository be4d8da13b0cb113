using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.1: the transaction store decides on the idTag.</summary>
public sealed class Authorize(ITransactionStore transactions) : IChargePointCallHandler<AuthorizeRequest, AuthorizeResponse>
{
    public async ValueTask<AuthorizeResponse> HandleAsync(ChargePointSession session, OcppCallContext context, AuthorizeRequest authorize, CancellationToken ct) =>
        new() { IdTagInfo = await transactions.AuthorizeAsync(session.ChargePointId, authorize.IdTag, ct) };
}
