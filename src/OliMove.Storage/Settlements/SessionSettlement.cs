using System.Numerics;

namespace OliMove.Storage;

/// <summary>
/// A finished session's settlement: energy from the charge point's meter, the bill, the flexibility
/// the user gave (kWh·h) and the tokens earned, in ERC-20 base units (a BigInteger: 18 decimals overflow 64 bits).
/// </summary>
public sealed record SessionSettlement(
    long TransactionId,
    double EnergyWh,
    long BillMinorUnits,
    string Currency,
    double FlexibilityKWhH,
    BigInteger TokensBaseUnits,
    DateTimeOffset SettledAt);
