namespace OliMove.Storage;

/// <summary>An idTag belongs to at most one user.</summary>
public sealed class IdTagTakenException : Exception
{
    public IdTagTakenException(string idTag, long ownerUserId)
        : base($"idTag '{idTag}' already belongs to user {ownerUserId}.")
    {
        IdTag = idTag;
        OwnerUserId = ownerUserId;
    }

    public string IdTag { get; }

    public long OwnerUserId { get; }
}
