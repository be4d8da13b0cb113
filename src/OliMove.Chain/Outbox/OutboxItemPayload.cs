using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>Reads an outbox item's payload for sending; a payload that does not read or validate fails that item for good.</summary>
internal static class OutboxItemPayload
{
    public static T Read<T>(OutboxItem item, Action<T> validate)
    {
        try
        {
            var payload = ChainOutboxEntry.Read<T>(item.PayloadJson);
            validate(payload);
            return payload;
        }
        catch (ArgumentException e)
        {
            throw new PermanentItemException($"Item {item.Id} ({item.Key}): {e.Message}", e);
        }
    }
}
