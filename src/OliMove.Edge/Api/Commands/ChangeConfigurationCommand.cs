namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/configuration: one key (OCPP 1.6 §5.3; key up to 50, value up to 500 characters).</summary>
public sealed record ChangeConfigurationCommand
{
    public required string Key { get; init; }

    public required string Value { get; init; }
}
