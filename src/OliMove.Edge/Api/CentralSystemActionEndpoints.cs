using System.Globalization;
using OliMove.Edge.Api.Commands;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// The OCPP 1.6 actions a central system sends that the edge does not send on its own, for sites without a
/// backend (the OCA test cases of Core, Firmware Management, Local Auth List, Reservation, Remote Trigger and Smart
/// Charging on the central-system side). Each is checked first (400/404/409 and nothing is sent), then answered with
/// the charger's own reply; transport failures as in <see cref="ChargePointCallRunner"/>.
/// </summary>
public static class CentralSystemActionEndpoints
{
    private const int MaxConfigurationKeyLength = 50; // OCPP 1.6 §7.8 CiString50Type
    private const int MaxConfigurationValueLength = 500; // §7.7 CiString500Type
    private const int MaxIdTagLength = 20; // §7.31 IdToken
    private const int MaxLocalListEntries = 1000; // far above SendLocalListMaxLength of common firmware; the charger may refuse less

    public static RouteGroupBuilder MapCentralSystemActionEndpoints(this RouteGroupBuilder api)
    {
        var op = api.MapGroup("/chargepoints/{chargePointId}").RequireAuthorization(ApiPolicies.Operator);

        op.MapGet("/configuration", (string chargePointId, string[]? key, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
        {
            var keys = key ?? [];
            if (keys.FirstOrDefault(k => string.IsNullOrWhiteSpace(k) || k.Length > MaxConfigurationKeyLength) is { } bad)
            {
                return Task.FromResult(ApiErrors.BadRequest($"configuration key '{bad}' must be 1 to {MaxConfigurationKeyLength} characters"));
            }

            return ChargePointCallRunner.RunAsync(chargePointId, site, registry, async client =>
            {
                var answer = await client.GetConfigurationAsync(new GetConfigurationRequest { Key = keys.Length == 0 ? null : keys }, ct);
                return Results.Ok(new
                {
                    configurationKey = (answer.ConfigurationKey ?? []).Select(k => new { k.Key, k.Readonly, k.Value }),
                    unknownKey = answer.UnknownKey ?? [],
                });
            });
        });

        op.MapPost("/configuration", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<ChangeConfigurationCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (string.IsNullOrWhiteSpace(cmd.Key) || cmd.Key.Length > MaxConfigurationKeyLength)
                {
                    return ApiErrors.BadRequest($"key must be 1 to {MaxConfigurationKeyLength} characters (OCPP 1.6 CiString50)");
                }

                if (cmd.Value is null || cmd.Value.Length > MaxConfigurationValueLength)
                {
                    return ApiErrors.BadRequest($"value must be at most {MaxConfigurationValueLength} characters (OCPP 1.6 CiString500)");
                }

                var answer = await client.ChangeConfigurationAsync(new ChangeConfigurationRequest { Key = cmd.Key, Value = cmd.Value }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));

        op.MapPost("/clear-cache", (string chargePointId, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync(chargePointId, site, registry, async client =>
            {
                var answer = await client.CallAsync(new ClearCacheRequest(), ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));

        op.MapPost("/trigger", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<TriggerMessageCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (cmd.ConnectorId is { } connectorId && site.Topology.FindConnector(chargePointId, connectorId) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {connectorId}");
                }

                var answer = await client.TriggerMessageAsync(new TriggerMessageRequest { RequestedMessage = cmd.RequestedMessage, ConnectorId = cmd.ConnectorId }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));

        op.MapGet("/local-list/version", (string chargePointId, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync(chargePointId, site, registry, async client =>
            {
                var answer = await client.CallAsync(new GetLocalListVersionRequest(), ct);
                return Results.Ok(new { listVersion = answer.ListVersion });
            }));

        op.MapPost("/local-list", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<SendLocalListCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (LocalListProblem(cmd) is { } problem)
                {
                    return ApiErrors.BadRequest(problem);
                }

                var answer = await client.CallAsync(new SendLocalListRequest
                {
                    ListVersion = cmd.ListVersion,
                    UpdateType = cmd.UpdateType,
                    LocalAuthorizationList = [.. cmd.Entries.Select(e => new AuthorizationData
                    {
                        IdTag = e.IdTag,
                        IdTagInfo = e.Status is { } status ? new IdTagInfo { Status = status, ExpiryDate = e.ExpiryDate, ParentIdTag = e.ParentIdTag } : null,
                    })],
                }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));

        op.MapPost("/reservations", (string chargePointId, HttpRequest request, SiteState site, TimeProvider time, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<ReserveNowCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (!OperatorReservationIds.IsOperators(cmd.ReservationId))
                {
                    return ApiErrors.BadRequest($"reservationId must be at least {OperatorReservationIds.First}: lower ids are the edge's own holds for accepted requests");
                }

                if (site.Topology.FindConnector(chargePointId, cmd.ConnectorId) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {cmd.ConnectorId}");
                }

                if (string.IsNullOrWhiteSpace(cmd.IdTag) || cmd.IdTag.Length > MaxIdTagLength || cmd.ParentIdTag is { Length: > MaxIdTagLength })
                {
                    return ApiErrors.BadRequest($"idTag and parentIdTag must be 1 to {MaxIdTagLength} characters (OCPP 1.6 IdToken)");
                }

                if (cmd.ExpiryDate <= time.GetUtcNow())
                {
                    return ApiErrors.BadRequest("expiryDate must be in the future");
                }

                var answer = await client.ReserveNowAsync(new ReserveNowRequest
                {
                    ReservationId = cmd.ReservationId,
                    ConnectorId = cmd.ConnectorId,
                    IdTag = cmd.IdTag,
                    ParentIdTag = cmd.ParentIdTag,
                    ExpiryDate = cmd.ExpiryDate.ToUniversalTime(),
                }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));

        op.MapDelete("/reservations/{reservationId:int}", (string chargePointId, int reservationId, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
        {
            if (!OperatorReservationIds.IsOperators(reservationId))
            {
                return Task.FromResult(ApiErrors.Conflict($"reservation {reservationId} holds the connector for charging request {reservationId}; cancel that request instead"));
            }

            return ChargePointCallRunner.RunAsync(chargePointId, site, registry, async client =>
            {
                var answer = await client.CancelReservationAsync(new CancelReservationRequest { ReservationId = reservationId }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            });
        });

        op.MapPost("/firmware", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<UpdateFirmwareCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (TransferProblem(cmd.Location, cmd.Retries, cmd.RetryIntervalSeconds) is { } problem)
                {
                    return ApiErrors.BadRequest(problem);
                }

                await client.CallAsync(new UpdateFirmwareRequest
                {
                    Location = cmd.Location.AbsoluteUri,
                    RetrieveDate = cmd.RetrieveDate.ToUniversalTime(),
                    Retries = cmd.Retries,
                    RetryInterval = cmd.RetryIntervalSeconds,
                }, ct);
                // UpdateFirmware.conf carries nothing (§6.52); progress comes as FirmwareStatusNotification.
                return Results.Ok(new { status = "Accepted", progress = $"/api/v1/chargepoints/{chargePointId}/maintenance" });
            }));

        op.MapPost("/diagnostics", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<GetDiagnosticsCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (TransferProblem(cmd.Location, cmd.Retries, cmd.RetryIntervalSeconds) is { } problem)
                {
                    return ApiErrors.BadRequest(problem);
                }

                if (cmd.StartTime is { } start && cmd.StopTime is { } stop && stop < start)
                {
                    return ApiErrors.BadRequest("stopTime must not be before startTime");
                }

                var answer = await client.CallAsync(new GetDiagnosticsRequest
                {
                    Location = cmd.Location.AbsoluteUri,
                    StartTime = cmd.StartTime?.ToUniversalTime(),
                    StopTime = cmd.StopTime?.ToUniversalTime(),
                    Retries = cmd.Retries,
                    RetryInterval = cmd.RetryIntervalSeconds,
                }, ct);
                // No file name means the charger has no diagnostics to send (§6.30).
                return Results.Ok(new { fileName = answer.FileName, progress = $"/api/v1/chargepoints/{chargePointId}/maintenance" });
            }));

        op.MapGet("/maintenance", async (string chargePointId, SiteState site, MaintenanceStatusRepository maintenance, CancellationToken ct) =>
            site.Topology.FindChargePoint(chargePointId) is null
                ? ApiErrors.NotFound($"no charge point '{chargePointId}'")
                : Results.Ok(await maintenance.GetAsync(chargePointId, ct)));

        op.MapGet("/composite-schedule", (string chargePointId, int? connectorId, int? durationSeconds, string? unit, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
        {
            var connector = connectorId ?? 0;
            var duration = durationSeconds ?? 3600;
            if (unit is not null and not "W" and not "A")
            {
                return Task.FromResult(ApiErrors.BadRequest("unit is W or A"));
            }

            ChargingRateUnitType? rateUnit = unit switch { "W" => ChargingRateUnitType.W, "A" => ChargingRateUnitType.A, _ => null };
            if (duration is < 1 or > 7 * 24 * 3600)
            {
                return Task.FromResult(ApiErrors.BadRequest("durationSeconds must be 1 to 604800"));
            }

            if (connector != 0 && site.Topology.FindConnector(chargePointId, connector) is null)
            {
                return Task.FromResult(ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {connector}"));
            }

            return ChargePointCallRunner.RunAsync(chargePointId, site, registry, async client =>
            {
                var answer = await client.GetCompositeScheduleAsync(new GetCompositeScheduleRequest { ConnectorId = connector, Duration = duration, ChargingRateUnit = rateUnit }, ct);
                return Results.Ok(new
                {
                    status = answer.Status.ToString(),
                    connectorId = answer.ConnectorId,
                    scheduleStart = answer.ScheduleStart,
                    chargingSchedule = answer.ChargingSchedule is { } s ? new
                    {
                        duration = s.Duration,
                        chargingRateUnit = s.ChargingRateUnit.ToString(),
                        periods = s.ChargingSchedulePeriod.Select(p => new { startPeriod = p.StartPeriod, limit = p.Limit, numberPhases = p.NumberPhases }),
                    } : null,
                });
            });
        });

        op.MapPost("/charging-profiles/clear", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry,
                InstalledProfiles installed, FailSafeInstaller failSafe, ReplanSignal replans, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<ClearChargingProfileCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (cmd.ConnectorId is { } connectorId && connectorId != 0 && site.Topology.FindConnector(chargePointId, connectorId) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {connectorId}");
                }

                var answer = await client.ClearChargingProfileAsync(new ClearChargingProfileRequest
                {
                    Id = cmd.Id,
                    ConnectorId = cmd.ConnectorId,
                    ChargingProfilePurpose = cmd.ChargingProfilePurpose,
                    StackLevel = cmd.StackLevel,
                }, ct);
                if (answer.Status == ClearChargingProfileStatus.Accepted)
                {
                    // The edge's own limits may be gone now: a charger without them could draw above the cabinet's
                    // share. Put the fail-safe default back and re-plan, as after a reconnect.
                    installed.ForgetTxProfiles(chargePointId);
                    await failSafe.InstallAsync(chargePointId, ct);
                    if (site.Topology.GroupOf(chargePointId) is { } group)
                    {
                        replans.Request(group.Id);
                    }
                }

                return Results.Ok(new { status = answer.Status.ToString(), reinstalled = answer.Status == ClearChargingProfileStatus.Accepted });
            }));

        return api;
    }

    private static string? LocalListProblem(SendLocalListCommand cmd)
    {
        if (cmd.ListVersion < 1)
        {
            return "listVersion must be at least 1 (OCPP 1.6 §5.15; 0 and -1 are the charger's answers for no list and no support)";
        }

        if (cmd.Entries is null || cmd.Entries.Count > MaxLocalListEntries)
        {
            return $"at most {MaxLocalListEntries} entries per SendLocalList";
        }

        for (var i = 0; i < cmd.Entries.Count; i++)
        {
            var entry = cmd.Entries[i];
            if (entry is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"entries[{i}] is null");
            }

            var at = string.Create(CultureInfo.InvariantCulture, $"entries[{i}]");
            if (string.IsNullOrWhiteSpace(entry.IdTag) || entry.IdTag.Length > MaxIdTagLength || entry.ParentIdTag is { Length: > MaxIdTagLength })
            {
                return $"{at}: idTag and parentIdTag must be 1 to {MaxIdTagLength} characters";
            }

            if (cmd.UpdateType == UpdateType.Full && entry.Status is null)
            {
                return $"{at}: a Full list needs a status for every idTag (without one, an entry only deletes in a Differential update)";
            }
        }

        var duplicate = cmd.Entries.GroupBy(e => e.IdTag, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"idTag '{duplicate.Key}' appears more than once";
    }

    private static string? TransferProblem(Uri? location, int? retries, int? retryIntervalSeconds) =>
        location is null || !location.IsAbsoluteUri ? "location must be an absolute URI (e.g. ftp://host/path or https://host/path)"
        : retries is < 0 ? "retries must not be negative"
        : retryIntervalSeconds is < 0 ? "retryIntervalSeconds must not be negative"
        : null;
}
