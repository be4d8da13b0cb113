using System.Numerics;
using System.Text;
using Nethereum.Util;

namespace OliMove.Chain;

/// <summary>
/// How off-chain identifiers and roles become bytes32 on chain, in one place so the writer, the tests and
/// <c>verify</c> compose them alike. Every record is namespaced by its site: one set of contracts serves a CPO's
/// many sites, and the contracts key slots, sessions and assets by (site id, id).
/// </summary>
public static class ChainIds
{
    /// <summary>keccak256("OPERATOR_ROLE"), as in every OliMove contract.</summary>
    public static byte[] OperatorRole { get; } = Keccak("OPERATOR_ROLE");

    /// <summary>OpenZeppelin AccessControl's DEFAULT_ADMIN_ROLE (zero).</summary>
    public static byte[] AdminRole { get; } = new byte[32];

    /// <summary>
    /// The role that lets an account write one site's records in AssetRegistry, AssetStatus and ChargingSettlement:
    /// keccak256(abi.encode(OPERATOR_ROLE, siteId)); the CPO's admin grants it when the site joins.
    /// </summary>
    public static byte[] SiteOperatorRole(byte[] siteId) => Keccak(OperatorRole, Word(siteId));

    /// <summary>A site's id on chain: keccak256 of its site map's <c>site.id</c> (UTF-8).</summary>
    public static byte[] SiteId(string siteMapId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteMapId);
        return Keccak(siteMapId);
    }

    /// <summary>
    /// Session numbers per ChargingSettlement bitmap word (bits 0..254; bit 255 marks the word allocated, so a
    /// settlement rewrites a non-zero word: decision 0340).
    /// </summary>
    public const ulong SessionsPerWord = 255;

    /// <summary>
    /// The on-chain session id within its site: the transaction number of the session key <c>tx-N</c> (the
    /// contract keys a session by (site id, N) in a per-site bitmap, decision 0340). Anything else is refused:
    /// only a positive number fits the bitmap.
    /// </summary>
    public static ulong SessionNumber(string sessionKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionKey);
        if (!sessionKey.StartsWith("tx-", StringComparison.Ordinal)
            || !ulong.TryParse(sessionKey.AsSpan(3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number == 0)
        {
            throw new ArgumentException($"Session key '{sessionKey}' is not tx-N with a positive transaction number N.", nameof(sessionKey));
        }

        return number;
    }

    /// <summary>The session key of a transaction number, as the settler writes it (the inverse of <see cref="SessionNumber"/>).</summary>
    public static string SessionKey(ulong sessionNumber) => $"tx-{sessionNumber}";

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

    /// <summary>AssetStatus.slotKey: keccak256(abi.encode(siteId, slotId)); the first topic of the slot's StatusRow events.</summary>
    public static byte[] SlotKey(byte[] siteId, ulong slotId) => Keccak(Word(siteId), Word(slotId));

    /// <summary>AssetRegistry.assetKey: keccak256(abi.encode(siteId, keccak256(assetId))).</summary>
    public static byte[] AssetKey(byte[] siteId, string assetId) => Keccak(Word(siteId), Keccak(assetId));

    /// <summary>keccak256(abi.encodePacked(uint256[] rows)), as AssetStatus computes a slot's rows hash.</summary>
    public static byte[] RowsHash(IEnumerable<BigInteger> rows) => Keccak(rows.Select(Word).ToArray());

    /// <summary>AssetStatus.commitmentHash: what a slot's stored commitment is made of.</summary>
    public static byte[] CommitmentHash(
        byte[] siteId, ulong slotId, uint algorithmVersion, byte[] inputHash, byte[] outputHash, byte[] rowsHash, uint rowCount) =>
        Keccak(Word(siteId), Word(slotId), Word(algorithmVersion), Word(inputHash), Word(outputHash), Word(rowsHash), Word(rowCount));

    private static byte[] Word(byte[] bytes32) =>
        bytes32.Length == 32 ? bytes32 : throw new ArgumentException($"Expected 32 bytes, got {bytes32.Length}.", nameof(bytes32));

    private static byte[] Word(ulong value) => Word(new BigInteger(value));

    private static byte[] Word(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "An ABI word here is unsigned.");
        }

        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (bytes.Length > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Does not fit 256 bits.");
        }

        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }

    private static byte[] Keccak(params byte[][] words) => Sha3Keccack.Current.CalculateHash(words.SelectMany(w => w).ToArray());

    private static byte[] Keccak(string text) => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(text));
}
