using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/local-list: a Full or Differential local authorization list (OCPP 1.6 §5.15).</summary>
public sealed record SendLocalListCommand
{
    public required int ListVersion { get; init; }

    public required UpdateType UpdateType { get; init; }

    public IReadOnlyList<LocalListEntry> Entries { get; init; } = [];
}
