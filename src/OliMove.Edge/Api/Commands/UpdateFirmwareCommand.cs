namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/firmware: where the charger fetches its firmware and from when (OCPP 1.6 §5.19).</summary>
public sealed record UpdateFirmwareCommand
{
    public required Uri Location { get; init; }

    public required DateTimeOffset RetrieveDate { get; init; }

    public int? Retries { get; init; }

    public int? RetryIntervalSeconds { get; init; }
}
