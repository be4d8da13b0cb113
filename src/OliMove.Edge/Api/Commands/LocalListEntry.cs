using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>One idTag of a local authorization list; without a status it is removed by a Differential update.</summary>
public sealed record LocalListEntry
{
    public required string IdTag { get; init; }

    public AuthorizationStatus? Status { get; init; }

    public DateTimeOffset? ExpiryDate { get; init; }

    public string? ParentIdTag { get; init; }
}
