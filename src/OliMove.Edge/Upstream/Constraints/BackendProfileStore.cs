using Newtonsoft.Json;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// The backend's profiles: SQLite is the truth (a profile is Accepted only once committed there), with an
/// immutable copy in memory for the snapshot builder and the API, replaced after every write.
/// </summary>
public sealed class BackendProfileStore(BackendChargingProfileRepository repository, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IReadOnlyList<StoredBackendProfile>? _current;

    /// <summary>The profiles as last loaded; empty before the first load.</summary>
    public IReadOnlyList<StoredBackendProfile> Current => _current ?? [];

    /// <summary>The stored profiles, loaded from SQLite on first use.</summary>
    public async Task<IReadOnlyList<StoredBackendProfile>> CurrentAsync(CancellationToken ct)
    {
        if (_current is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(ct);
        try
        {
            return _current ??= await LoadAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stores the profile (replacing as a charger would); returns once it is committed.</summary>
    public Task PutAsync(string chargePointId, int connectorId, ChargingProfile profile, CancellationToken ct) =>
        WriteAsync(async () =>
        {
            // Profiles of transactions that ended are dropped first (OCPP 1.6 §3.13.1), so they do not pile up.
            await repository.RemoveEndedTxProfilesAsync(ct);
            await repository.PutAsync(
                new BackendChargingProfileRecord(
                    chargePointId, profile.ChargingProfileId, connectorId, profile.ChargingProfilePurpose.ToString(), profile.StackLevel,
                    profile.TransactionId, JsonConvert.SerializeObject(profile, OcppJson.Settings), time.GetUtcNow()),
                ct);
            return 1;
        }, ct);

    /// <summary>Removes the matching profiles; returns how many.</summary>
    public Task<int> ClearAsync(string chargePointId, ClearChargingProfileRequest request, CancellationToken ct) =>
        WriteAsync(
            () => repository.ClearAsync(
                chargePointId,
                new BackendChargingProfileFilter(request.Id, request.ConnectorId, request.ChargingProfilePurpose?.ToString(), request.StackLevel),
                ct),
            ct);

    private async Task<int> WriteAsync(Func<Task<int>> write, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            try
            {
                return await write();
            }
            finally
            {
                // Reloaded even after a failed write: memory never claims what SQLite does not hold.
                _current = await LoadAsync(CancellationToken.None);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<StoredBackendProfile>> LoadAsync(CancellationToken ct)
    {
        var records = await repository.ListAsync(ct);
        return [.. records.Select(r => new StoredBackendProfile(
            r.ChargePointId,
            r.ConnectorId,
            JsonConvert.DeserializeObject<ChargingProfile>(r.ProfileJson, OcppJson.Settings)
                ?? throw new InvalidOperationException($"stored backend profile {r.ChargePointId}/{r.ProfileId} is empty")))];
    }
}
