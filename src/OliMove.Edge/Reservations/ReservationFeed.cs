using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.Reservations;

/// <summary>
/// Keeps reservations in step with the chargers: after a charger boots (a reconnect, a reboot, or our own restart)
/// every accepted request on it that is still waiting for its car is reserved again; a started transaction ends the
/// reservation it used.
/// </summary>
public sealed class ReservationFeed(
    OcppCentralSystemEvents events,
    ReservationKeeper keeper,
    ChargingRequestRepository requests,
    IHostApplicationLifetime lifetime,
    ILogger<ReservationFeed> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Booted += OnBooted;
        events.Configured += OnConfigured;
        events.TransactionStarted += OnStarted;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Booted -= OnBooted;
        events.Configured -= OnConfigured;
        events.TransactionStarted -= OnStarted;
        return Task.CompletedTask;
    }

    private void OnBooted(ChargePointBooted e)
    {
        if (e.Status == RegistrationStatus.Accepted)
        {
            Background($"reservations of {e.ChargePointId}", async ct =>
            {
                foreach (var request in (await requests.ListOpenAsync(ct)).Where(r => r.ChargePointId == e.ChargePointId))
                {
                    await keeper.HoldAsync(request, ct);
                }
            });
        }
    }

    private void OnConfigured(ChargePointConfigured e) =>
        keeper.LearnFeatures(e.ChargePointId, e.Capabilities.SupportedFeatureProfiles);

    private void OnStarted(TransactionStarted e) =>
        Background($"reservation used at {e.ChargePointId}", ct => keeper.ArrivedAsync(e.ChargePointId, e.Start.ConnectorId, e.Start.IdTag, e.Start.ReservationId, ct));

    private void Background(string what, Func<CancellationToken, Task> work) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await work(lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Background work failed: {What}", what);
            }
        });
}
