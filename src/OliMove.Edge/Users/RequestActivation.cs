using OliMove.Ocpp.CentralSystem;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// Binds an accepted request to the OCPP transaction that starts on its connector (Accepted → Active), so the
/// session, its settlement and the user's progress screen find each other; never to a session started with
/// another user's idTag (<see cref="SessionOwnership"/>). A request made while the car is already plugged in is
/// bound at once by <see cref="ChargingRequestDesk"/>.
/// </summary>
public sealed class RequestActivation(
    OcppCentralSystemEvents events,
    ChargingRequestRepository requests,
    UserRepository users,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<RequestActivation> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.TransactionStarted += OnStarted;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.TransactionStarted -= OnStarted;
        return Task.CompletedTask;
    }

    private void OnStarted(TransactionStarted e) =>
        _ = Task.Run(async () =>
        {
            try
            {
                var ct = lifetime.ApplicationStopping;
                if (await requests.GetOpenForConnectorAsync(e.ChargePointId, e.Start.ConnectorId, ct) is { State: ChargingRequestState.Accepted } request
                    && await SessionOwnership.MayMeetAsync(users, request.UserId, e.Start.IdTag, ct))
                {
                    await requests.ActivateAsync(request.Id, e.TransactionId, time.GetUtcNow(), ct);
                }
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Request on {ChargePoint}/{Connector} could not be bound to transaction {Transaction}", e.ChargePointId, e.Start.ConnectorId, e.TransactionId);
            }
        });
}
