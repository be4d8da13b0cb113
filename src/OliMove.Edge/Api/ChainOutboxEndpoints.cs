using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// The operator's hand on the chain outbox: a write parked for a permanent error or a conflict (decision 0230) goes
/// back in the queue, in its original place, once the cause is fixed (decision 0301).
/// </summary>
public static class ChainOutboxEndpoints
{
    public static RouteGroupBuilder MapChainOutboxEndpoints(this RouteGroupBuilder api)
    {
        var op = api.MapGroup("").RequireAuthorization(ApiPolicies.Operator);
        op.MapPost("/chain/outbox/{id:long}/requeue", async (long id, ChainOutboxRepository outbox, OutboxSignal signal, CancellationToken ct) =>
        {
            if (await outbox.RequeueAsync(id, ct) is not var (item, requeued))
            {
                return ApiErrors.NotFound($"no chain outbox item {id}");
            }

            if (!requeued)
            {
                return ApiErrors.Conflict($"chain outbox item {id} ({item.Key}) is {item.State.ToString().ToLowerInvariant()}, not parked: nothing requeued");
            }

            signal.Wake();
            return Results.Ok(new { id = item.Id, kind = item.Kind, key = item.Key, state = "pending", lastError = item.LastError });
        });
        return api;
    }
}
