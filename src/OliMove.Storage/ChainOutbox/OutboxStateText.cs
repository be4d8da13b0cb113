namespace OliMove.Storage;

/// <summary>The outbox states as stored in chain_outbox.state.</summary>
internal static class OutboxStateText
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Confirmed = "confirmed";
    public const string Failed = "failed";

    public static OutboxItemState Parse(string text) => text switch
    {
        Pending => OutboxItemState.Pending,
        Sent => OutboxItemState.Sent,
        Confirmed => OutboxItemState.Confirmed,
        Failed => OutboxItemState.Failed,
        _ => throw new InvalidDataException($"Unknown chain outbox state '{text}'."),
    };
}
