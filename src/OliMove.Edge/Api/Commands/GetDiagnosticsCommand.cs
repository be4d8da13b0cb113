namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/diagnostics: where the charger uploads its diagnostics file (OCPP 1.6 §5.9).</summary>
public sealed record GetDiagnosticsCommand
{
    public required Uri Location { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? StopTime { get; init; }

    public int? Retries { get; init; }

    public int? RetryIntervalSeconds { get; init; }
}
