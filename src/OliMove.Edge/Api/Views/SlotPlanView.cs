namespace OliMove.Edge.Api.Views;

/// <summary>An archived slot plan with the hashes of its input snapshot and its output (the chain anchors these).</summary>
public sealed record SlotPlanView(
    long Id,
    string GroupId,
    DateTimeOffset SlotStart,
    int Revision,
    string AlgorithmVersion,
    string InputSha256,
    string OutputSha256,
    DateTimeOffset CreatedAt);
