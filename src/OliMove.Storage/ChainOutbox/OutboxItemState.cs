namespace OliMove.Storage;

public enum OutboxItemState
{
    Pending,
    Sent,
    Confirmed,
    Failed,
}
