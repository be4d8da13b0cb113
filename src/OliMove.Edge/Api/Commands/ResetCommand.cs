using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/reset: Soft or Hard (OCPP 1.6 §5.14).</summary>
public sealed record ResetCommand
{
    public required ResetType Type { get; init; }
}
