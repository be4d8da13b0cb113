namespace OliMove.Chain;

/// <summary>Range checks for values that must fit the contracts' integer types.</summary>
internal static class PayloadRange
{
    public static uint UInt32(long value, string field) =>
        value is >= 0 and <= uint.MaxValue
            ? (uint)value
            : throw new ArgumentException($"{field} = {value} is outside 0..{uint.MaxValue}.");

    public static ulong NonNegative(long value, string field) =>
        value >= 0 ? (ulong)value : throw new ArgumentException($"{field} = {value} must not be negative.");

    public static byte[] Hash32(string hex, string field)
    {
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length != 64 || !digits.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"{field} must be 32 bytes as 64 hex digits, got '{hex}'.");
        }

        return Convert.FromHexString(digits);
    }

    public static string Address(string address, string field) =>
        Nethereum.Util.AddressUtil.Current.IsValidEthereumAddressHexFormat(address)
            ? address
            : throw new ArgumentException($"{field} '{address}' is not an Ethereum address.");
}
