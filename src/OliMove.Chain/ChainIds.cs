using System.Text;
using Nethereum.Util;

namespace OliMove.Chain;

/// <summary>How off-chain identifiers and roles become bytes32 on chain.</summary>
public static class ChainIds
{
    /// <summary>keccak256("OPERATOR_ROLE"), as in every OliMove contract.</summary>
    public static byte[] OperatorRole { get; } = Keccak("OPERATOR_ROLE");

    /// <summary>OpenZeppelin AccessControl's DEFAULT_ADMIN_ROLE (zero).</summary>
    public static byte[] AdminRole { get; } = new byte[32];

    /// <summary>The on-chain session id: keccak256 of the session key's UTF-8 bytes.</summary>
    public static byte[] SessionId(string sessionKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionKey);
        return Keccak(sessionKey);
    }

    /// <summary>Slots are 15 minutes aligned to the quarter hour; the id counts them from the Unix epoch.</summary>
    public static ulong SlotId(DateTimeOffset slotStart)
    {
        var seconds = slotStart.ToUnixTimeSeconds();
        if (seconds < 0 || seconds % 900 != 0)
        {
            throw new ArgumentException($"Slot start {slotStart:O} is not aligned to a quarter hour.", nameof(slotStart));
        }

        return (ulong)(seconds / 900);
    }

    private static byte[] Keccak(string text) => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(text));
}
